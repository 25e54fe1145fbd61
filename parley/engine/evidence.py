"""Evidence from both sides: which statements are common ground, which divide, which are too early.

Each side's agreement with a statement is the share of that side's votes on it
that agree (passes count as not agreeing). With a Beta(a, b) prior and `k` agrees
in `n` votes, the side's agreement has the posterior Beta(a + k, b + n - k); its
credible interval is the central `credibility` part of that posterior (with 0.9:
from the 5% to the 95% quantile). Every statement gets one verdict:

- too_early: some side has cast fewer than `min_votes_per_side` votes on it;
- common_ground: every side's lower bound of agreement is at least
  `common_ground_lower` (so the weaker side decides, whatever the turnout);
- divide: the lower bound of the largest gap in agreement between two sides is
  at least `divide_gap_lower` (normal approximation of the difference of the two
  posteriors, bounded at the same credibility);
- neither: otherwise.

Common ground is checked before divides, so a statement has one verdict. Common
ground ranks by the weaker side's lower bound, divides by the gap's lower bound.
A pure module: numpy and scipy only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy import special

from .stable import rank_key

COMMON_GROUND, DIVIDE, TOO_EARLY, NEITHER = range(4)
VERDICTS = ("common_ground", "divide", "too_early", "neither")


@dataclass(frozen=True)
class EvidenceRule:
    """The thresholds of the verdicts; the defaults are tuned by bench/planted_truth.py."""

    prior: tuple[float, float] = (1.0, 1.0)
    credibility: float = 0.9
    common_ground_lower: float = 0.5
    divide_gap_lower: float = 0.3
    min_votes_per_side: int = 10

    def __post_init__(self) -> None:
        a, b = self.prior
        if not (a > 0 and b > 0):
            raise ValueError(f"the prior's parameters must be positive, not {self.prior!r}")
        if not 0 < self.credibility < 1:
            raise ValueError(f"credibility must be between 0 and 1, not {self.credibility!r}")
        for name in ("common_ground_lower", "divide_gap_lower"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be between 0 and 1, not {getattr(self, name)!r}")
        if not isinstance(self.min_votes_per_side, int) or self.min_votes_per_side < 1:
            raise ValueError(f"min_votes_per_side must be a positive integer, not {self.min_votes_per_side!r}")

    @property
    def text(self) -> str:
        """State the rule in one plain English paragraph."""
        a, b = self.prior
        prior = "a uniform Beta(1, 1) prior" if (a, b) == (1.0, 1.0) else f"a Beta({a:g}, {b:g}) prior"
        share = f"{self.credibility:.0%}"
        return (
            f"A statement is judged only once every side has cast at least {self.min_votes_per_side} votes on it "
            f"(agree, disagree or pass); before that it is too early to tell. Each side's agreement is the share of "
            f"its votes that agree, with a {share} credible interval from {prior}. Common ground: every side's "
            f"lower bound is at least {self.common_ground_lower:.0%}, ranked by the weaker side's lower bound. "
            f"Divide: the lower bound of the gap in agreement between two sides is at least "
            f"{self.divide_gap_lower:.0%} (percentage points), ranked by that bound. A statement that is common "
            f"ground is never a divide."
        )

    def to_dict(self) -> dict:
        return {
            "prior": [_plain(self.prior[0]), _plain(self.prior[1])],
            "credibility": self.credibility,
            "common_ground_lower": self.common_ground_lower,
            "divide_gap_lower": self.divide_gap_lower,
            "min_votes_per_side": self.min_votes_per_side,
            "text": self.text,
        }


@dataclass(frozen=True, eq=False)
class Evidence:
    """Per side and statement: votes, agreement and its interval; per statement: the verdict and its keys.

    (n_sides, n_statements) arrays: `n`, `agree_share`, `low`, `high`, `needs`;
    (n_statements,) arrays: `weaker_lower`, `gap_lower`, `verdict` (an index into VERDICTS).
    """

    rule: EvidenceRule
    names: list[str]
    n: np.ndarray
    agree_share: np.ndarray
    low: np.ndarray
    high: np.ndarray
    weaker_lower: np.ndarray
    gap_lower: np.ndarray
    needs: np.ndarray
    verdict: np.ndarray

    def verdict_name(self, c: int) -> str:
        return VERDICTS[int(self.verdict[c])]

    def common_ground(self, eligible: np.ndarray | None = None) -> list[int]:
        """Return the common-ground statements, best first: by the weaker side's lower bound."""
        return self._ranked(COMMON_GROUND, self.weaker_lower, eligible)

    def divides(self, eligible: np.ndarray | None = None) -> list[int]:
        """Return the divides, widest first: by the lower bound of the gap between the sides."""
        return self._ranked(DIVIDE, self.gap_lower, eligible)

    def too_early(self, eligible: np.ndarray | None = None) -> int:
        """Return how many (eligible) statements are too early to tell."""
        mask = self.verdict == TOO_EARLY
        return int((mask if eligible is None else mask & eligible).sum())

    def fewest_needed(self, eligible: np.ndarray | None = None) -> dict[str, int]:
        """Per side: the votes it must still add to the too-early statement closest to being judged.

        That statement is the (eligible) one that needs the fewest more votes in all, the first
        such in statement order; every side gets 0 when no statement is too early. (Each side's own
        fewest would mislead: a statement with enough votes from A and another with enough from B
        would make both 0 while neither can be judged.)
        """
        mask = self.verdict == TOO_EARLY
        if eligible is not None:
            mask = mask & eligible
        early = np.flatnonzero(mask)
        if len(early) == 0:
            return {name: 0 for name in self.names}
        closest = int(early[np.argmin(self.needs[:, early].sum(axis=0))])
        return {name: int(self.needs[s, closest]) for s, name in enumerate(self.names)}

    def _ranked(self, verdict: int, key: np.ndarray, eligible: np.ndarray | None) -> list[int]:
        mask = self.verdict == verdict
        if eligible is not None:
            mask &= eligible
        candidates = np.flatnonzero(mask)
        # Ties on the key go to the better mean agreement of the weaker side, then to statement order.
        weaker_share = self.agree_share[:, candidates].min(axis=0) if len(self.names) else np.zeros(0)
        order = np.lexsort((candidates, -rank_key(weaker_share), -rank_key(key[candidates])))
        return candidates[order].tolist()


def judge(names: Sequence[str], agree: np.ndarray, seen: np.ndarray, rule: EvidenceRule | None = None) -> Evidence:
    """Judge every statement from per-side counts: `agree` and `seen` are (n_sides, n_statements).

    `seen` counts every vote (agree, disagree and pass) of the side on the statement.
    """
    rule = rule or EvidenceRule()
    agree = np.asarray(agree, dtype=np.float64)
    seen = np.asarray(seen, dtype=np.float64)
    if agree.shape != seen.shape or agree.ndim != 2 or agree.shape[0] != len(names):
        raise ValueError("agree and seen must both be (number of sides, number of statements)")
    if np.any(agree < 0) or np.any(agree > seen):
        raise ValueError("every agree count must be between 0 and that side's votes")
    a0, b0 = rule.prior
    alpha = a0 + agree
    beta = b0 + seen - agree
    tail = (1.0 - rule.credibility) / 2.0
    low = special.betaincinv(alpha, beta, tail)
    high = special.betaincinv(alpha, beta, 1.0 - tail)
    share = np.divide(agree, seen, out=np.zeros_like(agree), where=seen > 0)
    n_statements = agree.shape[1]
    weaker = low.min(axis=0) if len(names) else np.zeros(n_statements)
    mean = alpha / (alpha + beta)
    variance = alpha * beta / ((alpha + beta) ** 2 * (alpha + beta + 1.0))
    z = float(special.ndtri(1.0 - tail))
    gap = np.zeros(n_statements)
    for i, j in combinations(range(len(names)), 2):
        bound = np.abs(mean[i] - mean[j]) - z * np.sqrt(variance[i] + variance[j])
        np.maximum(gap, bound, out=gap)
    needs = np.maximum(rule.min_votes_per_side - seen, 0).astype(np.int64)
    enough = (needs == 0).all(axis=0)
    verdict = np.full(n_statements, NEITHER, dtype=np.int8)
    verdict[enough & (rank_key(gap) >= rule.divide_gap_lower)] = DIVIDE
    verdict[enough & (rank_key(weaker) >= rule.common_ground_lower)] = COMMON_GROUND
    verdict[~enough] = TOO_EARLY
    return Evidence(
        rule=rule,
        names=list(names),
        n=seen.astype(np.int64),
        agree_share=share,
        low=low,
        high=high,
        weaker_lower=weaker,
        gap_lower=gap,
        needs=needs,
        verdict=verdict,
    )


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)
