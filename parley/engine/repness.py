"""Representative statements per opinion group, selected as Pol.is selects them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .stable import rank_key
from .stats import Z_90, prop_test, smoothed, two_prop_test


@dataclass(frozen=True)
class Representative:
    """A statement that sets a group apart from the rest."""

    statement: int
    direction: str
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float

    @property
    def metric(self) -> float:
        return self.repness * self.repness_test * self.p_success * self.p_test


@dataclass(frozen=True)
class _Stats:
    na: np.ndarray
    nd: np.ndarray
    ns: np.ndarray
    pa: np.ndarray
    pd: np.ndarray
    pat: np.ndarray
    pdt: np.ndarray
    ra: np.ndarray
    rd: np.ndarray
    rat: np.ndarray
    rdt: np.ndarray


def group_statistics(agree: np.ndarray, disagree: np.ndarray, seen: np.ndarray) -> _Stats:
    """Compare each group (rows of the (G, C) counts) with all other groups pooled."""
    rest_a = agree.sum(axis=0) - agree
    rest_d = disagree.sum(axis=0) - disagree
    rest_s = seen.sum(axis=0) - seen
    pa, pd = smoothed(agree, seen), smoothed(disagree, seen)
    return _Stats(
        na=agree,
        nd=disagree,
        ns=seen,
        pa=pa,
        pd=pd,
        pat=prop_test(agree, seen),
        pdt=prop_test(disagree, seen),
        ra=pa / smoothed(rest_a, rest_s),
        rd=pd / smoothed(rest_d, rest_s),
        rat=two_prop_test(agree, rest_a, seen, rest_s),
        rdt=two_prop_test(disagree, rest_d, seen, rest_s),
    )


def select_representatives(
    agree: np.ndarray,
    disagree: np.ndarray,
    seen: np.ndarray,
    eligible: np.ndarray,
    *,
    top: int = 5,
) -> list[list[Representative]]:
    """Return, per group, its representative statements in Pol.is's order.

    Significant statements (agree or disagree z-scores both above the 90%
    threshold) are ranked by repness * test * p * p-test; the best agreed
    statement leads; agrees come before disagrees. A group with no
    significant statement gets its single best one.
    """
    stats = group_statistics(agree, disagree, seen)
    columns = np.flatnonzero(eligible)
    return [_select_for_group(stats, g, columns, top) for g in range(agree.shape[0])]


def _finalize(stats: _Stats, g: int, c: int) -> Representative:
    if stats.rat[g, c] > stats.rdt[g, c]:
        direction, n, p, t, r, rt = "agree", stats.na, stats.pa, stats.pat, stats.ra, stats.rat
    else:
        direction, n, p, t, r, rt = "disagree", stats.nd, stats.pd, stats.pdt, stats.rd, stats.rdt
    return Representative(
        statement=int(c),
        direction=direction,
        n_success=int(n[g, c]),
        n_trials=int(stats.ns[g, c]),
        p_success=float(p[g, c]),
        p_test=float(t[g, c]),
        repness=float(r[g, c]),
        # Pol.is keeps this test as a single-precision float, which can decide ties.
        repness_test=float(np.float32(rt[g, c])),
    )


def _beats_best_agree(stats: _Stats, g: int, c: int, best: int | None) -> bool:
    s = stats
    if s.na[g, c] == 0 and s.nd[g, c] == 0:
        return False
    if best is not None and s.ra[g, best] > 1.0:
        return bool(
            s.ra[g, c] * s.rat[g, c] * s.pa[g, c] * s.pat[g, c]
            > s.ra[g, best] * s.rat[g, best] * s.pa[g, best] * s.pat[g, best]
        )
    if best is not None:
        return bool(s.pa[g, c] * s.pat[g, c] > s.pa[g, best] * s.pat[g, best])
    return bool(s.pat[g, c] > Z_90 or (s.ra[g, c] > 1.0 and s.pa[g, c] > 0.5))


def _select_for_group(stats: _Stats, g: int, columns: np.ndarray, top: int) -> list[Representative]:
    s = stats
    sufficient: list[Representative] = []
    best: Representative | None = None
    best_agree: int | None = None
    for c in columns.tolist():
        passes = (s.rat[g, c] > Z_90 and s.pat[g, c] > Z_90) or (s.rdt[g, c] > Z_90 and s.pdt[g, c] > Z_90)
        if passes:
            sufficient.append(_finalize(s, g, c))
        if not sufficient and (best is None or max(s.rat[g, c], s.rdt[g, c]) > best.repness_test):
            best = _finalize(s, g, c)
        if _beats_best_agree(s, g, c, best_agree):
            best_agree = c
    head = [_finalize(s, g, best_agree)] if best_agree is not None else []
    if not sufficient:
        return head or ([best] if best is not None else [])
    rest = [r for r in sufficient if r.statement != best_agree]
    # Ranked on 12 significant digits, so last-bit differences leave ties in statement order.
    keys = rank_key(np.array([r.metric for r in rest]))
    rest = [rest[i] for i in np.argsort(-keys, kind="stable")]
    picked = (head + rest)[:top]
    return [r for r in picked if r.direction == "agree"] + [r for r in picked if r.direction == "disagree"]
