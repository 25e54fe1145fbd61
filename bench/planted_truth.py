"""Precision of common ground, divides and bridging against a planted truth, old rankings beside new.

Run from the repository root: python -m bench.planted_truth  (about a minute)

Each dialogue is `parley.engine.synthetic.planted`: two sides, side A with 1, 3, 5 or 10 times
side B's participants, two opinion groups within each side, and statements of known kinds. The
truth: common ground and bridging are the statements every group of every side agrees with
(`consensus`, `bridging`); divides are those the sides split on (`divide`). Precision is the share
of the top 10 that is true, a list shorter than 10 counting its missing places as misses. The old
rankings are what 1.2.0 showed: common ground by the product of the sides' smoothed agreement
(the results page and joint drafting), divides by the largest two-proportion z-score, bridging by
the factor model's intercept, all three over every statement with a vote. "Under min" counts the
statements shown (top 10) as common ground with fewer than the minimum votes of a side.
"""

from __future__ import annotations

import time
from itertools import combinations

import numpy as np

from bench.harness import table
from parley.engine import analyze
from parley.engine.analysis import Analysis
from parley.engine.consensus import group_informed_consensus
from parley.engine.evidence import EvidenceRule
from parley.engine.stats import two_prop_test
from parley.engine.synthetic import PLANTED_BRIDGING, PLANTED_COMMON, PLANTED_DIVIDES, planted

RATIOS = (1.0, 3.0, 5.0, 10.0)
SEEDS = (0, 1, 2)
TOP = 10
PARTICIPANTS = 1_200


def old_rankings(result: Analysis) -> dict[str, list[int]]:
    """The 1.2.0 lists: product of the sides, largest z-score, bridging intercept."""
    sides = result.sides
    assert sides is not None
    candidates = np.flatnonzero(result.ranked & (result.seen > 0))
    product = group_informed_consensus(sides.agree, sides.seen)
    z = np.zeros(len(result.statements))
    for a, b in combinations(range(len(sides.names)), 2):
        np.maximum(z, np.abs(two_prop_test(sides.agree[a], sides.agree[b], sides.seen[a], sides.seen[b])), out=z)
    intercept = np.nan_to_num(result.bridging.statement_intercepts, nan=-np.inf)

    def by(key: np.ndarray) -> list[int]:
        return candidates[np.lexsort((candidates, -key[candidates]))].tolist()

    return {"common": by(product), "divides": by(z), "bridging": by(intercept)}


def precision(ranking: list[int], truth: set[int]) -> float:
    return sum(c in truth for c in ranking[:TOP]) / TOP


def under_minimum(result: Analysis, shown: list[int], minimum: int) -> int:
    assert result.sides is not None
    return int((result.sides.seen[:, shown[:TOP]] < minimum).any(axis=0).sum())


def evaluate(result: Analysis, kinds: dict[str, str], minimum: int) -> dict[str, float]:
    ids = result.statements
    truth = {
        name: {c for c, s in enumerate(ids) if kinds[s] in kind}
        for name, kind in (("common", PLANTED_COMMON), ("divides", PLANTED_DIVIDES), ("bridging", PLANTED_BRIDGING))
    }
    old = old_rankings(result)
    new = {
        "common": result.top_common_ground(None),
        "divides": result.top_divides(None),
        "bridging": result.top_bridging(None),
    }
    row: dict[str, float] = {}
    for name in ("common", "divides", "bridging"):
        row[f"old {name}"] = precision(old[name], truth[name])
        row[f"new {name}"] = precision(new[name], truth[name])
        row[f"listed {name}"] = len(new[name])
        row[f"list precision {name}"] = sum(c in truth[name] for c in new[name]) / max(len(new[name]), 1)
    row["old under min"] = under_minimum(result, old["common"], minimum)
    row["new under min"] = under_minimum(result, new["common"], minimum)
    row["bridging divides"] = sum(c in set(new["divides"]) for c in new["bridging"])
    return row


def run(
    ratio: float, seed: int, rule: EvidenceRule, *, participants: int = PARTICIPANTS, coverage: float = 0.4
) -> dict[str, float]:
    conversation = planted(participants, ratio=ratio, coverage=coverage, seed=seed)
    result = analyze(conversation.votes, sides=conversation.sides, rule=rule, workers=1)
    return evaluate(result, conversation.kinds, rule.min_votes_per_side)


def section(rule: EvidenceRule, coverage: float) -> str:
    rows: list[list[object]] = []
    for ratio in RATIOS:
        runs = [run(ratio, seed, rule, coverage=coverage) for seed in SEEDS]
        mean = {key: float(np.mean([r[key] for r in runs])) for key in runs[0]}
        row: list[object] = [f"{ratio:g}:1"]
        for name in ("common", "divides", "bridging"):
            row.append(f"{mean[f'old {name}']:.2f} -> **{mean[f'new {name}']:.2f}**")
            row.append(f"{mean[f'listed {name}']:.0f} ({mean[f'list precision {name}']:.2f})")
        row.append(f"{sum(r['old under min'] for r in runs):.0f} -> {sum(r['new under min'] for r in runs):.0f}")
        row.append(f"{sum(r['bridging divides'] for r in runs):.0f}")
        rows.append(row)
    header = [
        "turnout A:B",
        "common ground top 10, old -> new",
        "listed (precision)",
        "divides top 10",
        "listed (precision)",
        "bridging top 10",
        "listed (precision)",
        "under min, old -> new",
        "bridging on a divide",
    ]
    return table(rows, header)


def main(rule: EvidenceRule | None = None) -> None:
    rule = rule or EvidenceRule()
    started = time.perf_counter()
    print(f"Rule: {rule.text}\n")
    for coverage in (0.4, 0.25):
        print(
            f"{PARTICIPANTS} participants, 60 statements (20 true common ground and bridging, 10 divides), "
            f"each participant voting on ~{coverage:.0%} of them; mean over seeds {SEEDS}\n"
        )
        print(section(rule, coverage))
        print()
    print("A young dialogue: 60 participants at 5:1, each voting on ~15% of the statements")
    young = [run(5.0, seed, rule, participants=60, coverage=0.15) for seed in SEEDS]
    print(
        table(
            [
                [f"seed {seed}", f"{r['old under min']:.0f} -> {r['new under min']:.0f}", f"{r['listed common']:.0f}"]
                for seed, r in zip(SEEDS, young, strict=True)
            ],
            ["dialogue", "top-10 common ground under min, old -> new", "common ground listed (new)"],
        )
    )
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
