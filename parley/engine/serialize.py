"""The JSON form of an analysis: fixed key order, numbers rounded to 10 significant digits."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .analysis import Analysis
    from .consensus import ConsensusStatement
    from .evidence import Evidence
    from .opinion import OpinionMap

SIGNIFICANT_DIGITS = 10
# What differs from one run or computer to the next, so stays out of the published (hashed) form.
_RUN_DETAILS = ("seconds", "loops", "environment")


def number(value: float) -> float | None:
    """Round to SIGNIFICANT_DIGITS, so last-bit differences between machines vanish; NaN -> None."""
    value = float(value)
    if not math.isfinite(value):
        return None
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}") + 0.0


def numbers(values: np.ndarray) -> list[float | None]:
    """`number` of each value of a 1-d array, without a Python call per value (40,000 participants)."""
    rounded: list[float | None] = [float(f"{v:.{SIGNIFICANT_DIGITS}g}") + 0.0 for v in values.tolist()]
    for i in np.flatnonzero(~np.isfinite(values)).tolist():
        rounded[i] = None
    return rounded


def analysis_to_dict(analysis: Analysis, *, timings: bool) -> dict:
    """Build the dict that `parley analyze --json` writes."""
    ids = analysis.statements
    opinion = analysis.opinion_map
    figures = analysis.sides
    bridge = analysis.bridging
    side_of = (
        [figures.names[m] if m >= 0 else None for m in figures.membership.tolist()]
        if figures is not None
        else [None] * len(analysis.participants)
    )
    positions = opinion.participant_positions
    participants = [
        {"id": pid, "side": side, "group": group if group >= 0 else None, "x": x, "y": y, "bridging_factor": factor}
        for pid, side, group, x, y, factor in zip(
            analysis.participants,
            side_of,
            opinion.groups.tolist(),
            numbers(positions[:, 0]),
            numbers(positions[:, 1]),
            numbers(bridge.participant_factors),
            strict=True,
        )
    ]
    statements = []
    for c in np.flatnonzero(~analysis.moderated_out).tolist():
        ranked = not analysis.meta_statements[c]
        per_side = {}
        if figures is not None:
            for s, name in enumerate(figures.names):
                per_side[name] = {
                    "agree": int(figures.agree[s, c]),
                    "disagree": int(figures.disagree[s, c]),
                    "pass": int(figures.passes[s, c]),
                }
        statements.append(
            {
                "id": ids[c],
                "text": analysis.texts[c],
                "n_agree": int(analysis.agree[c]),
                "n_disagree": int(analysis.disagree[c]),
                "n_pass": int(analysis.seen[c] - analysis.agree[c] - analysis.disagree[c]),
                "per_side": per_side,
                "group_informed_consensus": number(opinion.group_informed_consensus[c]),
                "evidence": statement_evidence(analysis.evidence, c) if ranked else None,
                "bridging_intercept": number(bridge.statement_intercepts[c]) if ranked else None,
                "bridging_factor": number(bridge.statement_factors[c]) if ranked else None,
                "extremity": number(opinion.extremity[c]),
                "x": number(opinion.statement_positions[c, 0]),
                "y": number(opinion.statement_positions[c, 1]),
            }
        )
    meta = {
        **{k: v for k, v in analysis.meta.items() if k not in _RUN_DETAILS},
        "rounding": f"numbers rounded to {SIGNIFICANT_DIGITS} significant digits",
        "input": {
            "participants": len(analysis.participants),
            "statements": len(ids),
            "votes": analysis.matrix.n_votes,
            "moderated_out": int(analysis.moderated_out.sum()),
            "meta": int(analysis.meta_statements.sum()),
            "sides": (
                {n: int((figures.membership == s).sum()) for s, n in enumerate(figures.names)}
                if figures is not None
                else None
            ),
        },
        "opinion_map": {
            "clustered": int(opinion.clustered.sum()),
            "groups": opinion.n_groups,
            "silhouettes": {str(k): number(v) for k, v in sorted(opinion.silhouettes.items())},
        },
        "bridging": {
            "global_intercept": number(bridge.global_intercept),
            "loss": number(bridge.loss),
            "iterations": bridge.iterations,
            "converged": bridge.converged,
            "side_correlation": (number(bridge.side_correlation) if bridge.side_correlation is not None else None),
            "mean_factor_by_side": {k: number(v) for k, v in bridge.mean_factor_by_side.items()},
        },
        "within_sides": {
            side_map.side: {
                "participants": len(side_map.rows),
                "clustered": int(side_map.map.clustered.sum()),
                "groups": groups_to_list(side_map.map, ids),
                "consensus": consensus_to_dict(side_map.map.consensus, ids),
            }
            for side_map in analysis.side_maps
        },
    }
    if timings:
        meta["seconds"] = {k: number(v) for k, v in analysis.meta.get("seconds", {}).items()}
        meta["loops"] = analysis.meta.get("loops")
        meta["environment"] = analysis.meta.get("environment")
    return {
        "meta": meta,
        "evidence": evidence_summary(analysis),
        "participants": participants,
        "statements": statements,
        "groups": groups_to_list(opinion, ids),
        "consensus": consensus_to_dict(opinion.consensus, ids),
    }


def statement_evidence(evidence: Evidence | None, c: int) -> dict | None:
    """Return one statement's verdict and the figures behind it (None without sides)."""
    if evidence is None:
        return None
    return {
        "verdict": evidence.verdict_name(c),
        "weaker_lower": number(evidence.weaker_lower[c]),
        "gap_lower": number(evidence.gap_lower[c]),
        "needs": {name: int(evidence.needs[s, c]) for s, name in enumerate(evidence.names)},
        "per_side": {
            name: {
                "n": int(evidence.n[s, c]),
                "agree": number(evidence.agree_share[s, c]),
                "low": number(evidence.low[s, c]),
                "high": number(evidence.high[s, c]),
            }
            for s, name in enumerate(evidence.names)
        },
    }


def evidence_summary(analysis: Analysis) -> dict | None:
    """Return the rule, the ranked lists and what is still missing (None without sides)."""
    evidence = analysis.evidence
    if evidence is None:
        return None
    ids = analysis.statements
    ranked = analysis.ranked
    return {
        "rule": evidence.rule.to_dict(),
        "common_ground": [ids[c] for c in analysis.top_common_ground(None)],
        "divides": [ids[c] for c in analysis.top_divides(None)],
        "bridging": [ids[c] for c in analysis.top_bridging(None)],
        "too_early": evidence.too_early(ranked),
        "needs": evidence.fewest_needed(ranked),
    }


def groups_to_list(opinion: OpinionMap, ids: list[str]) -> list[dict]:
    sizes = opinion.group_sizes
    return [
        {
            "id": g,
            "size": int(sizes[g]),
            "representative": [
                {
                    "statement": ids[r.statement],
                    "direction": r.direction,
                    "p": number(r.p_success),
                    "repness": number(r.repness),
                }
                for r in opinion.representatives[g]
            ],
        }
        for g in range(opinion.n_groups)
    ]


def consensus_to_dict(consensus: dict[str, list[ConsensusStatement]], ids: list[str]) -> dict:
    return {direction: [ids[s.statement] for s in consensus[direction]] for direction in ("agree", "disagree")}
