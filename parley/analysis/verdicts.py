"""The engine's evidence on each statement (see docs/record-format.md, "Statement evidence"), as the
results page shows it: percentages rounded so that they never overstate what the votes show."""

from __future__ import annotations

import math
from typing import Any

VERDICTS = ("common_ground", "divide", "too_early", "neither")


def pct_floor(value: float | None) -> int:
    return max(0, min(100, math.floor(100 * (value or 0.0) + 1e-9)))


def pct_ceil(value: float | None) -> int:
    return max(0, min(100, math.ceil(100 * (value or 0.0) - 1e-9)))


def side_evidence(found: dict[str, Any] | None, needs: int, side: dict[str, Any]) -> dict[str, Any]:
    """One side's agreement on a statement, its credible interval, and how many votes it still needs."""
    found = found or {"n": 0, "agree": 0.0, "low": 0.0, "high": 1.0}
    low, high = pct_floor(found["low"]), pct_ceil(found["high"])
    return {
        "side": side["label"],
        "side_id": side["id"],
        "name": side["name"],
        "n": int(found["n"]),
        "agree_pct": round(100 * (found["agree"] or 0.0)),
        "low_pct": low,
        "high_pct": high,
        "band_pct": high - low,
        "needs": int(needs),
    }


def statement_evidence(evidence: dict[str, Any], sides: list[dict[str, Any]]) -> dict[str, Any]:
    """A statement's verdict, with each side's agreement and what the verdict rests on."""
    per_side = [
        side_evidence(evidence["per_side"].get(s["label"]), evidence["needs"].get(s["label"], 0), s) for s in sides
    ]
    verdict = evidence["verdict"] if evidence["verdict"] in VERDICTS else "neither"
    return {
        "verdict": verdict,
        "per_side": per_side,
        # The weakest side's lower bound, and the fewest votes of a side: "both sides >= 63% agree, 42+ votes each".
        "weaker_low_pct": pct_floor(evidence.get("weaker_lower")),
        "gap_low_pct": pct_floor(evidence.get("gap_lower")),
        "min_votes": min((p["n"] for p in per_side), default=0),
        "needs": [p for p in per_side if p["needs"] > 0],
    }


def rule_view(rule: dict[str, Any]) -> dict[str, Any]:
    """The thresholds a verdict rests on, in whole percents, and the engine's own sentence."""
    prior = rule.get("prior") or [1, 1]
    return {
        "text": rule.get("text", ""),
        "credibility_pct": round(100 * rule.get("credibility", 0.9)),
        "common_ground_pct": round(100 * rule.get("common_ground_lower", 0.0)),
        "divide_pct": round(100 * rule.get("divide_gap_lower", 0.0)),
        "min_votes": int(rule.get("min_votes_per_side", 0)),
        "prior": f"Beta({float(prior[0]):g}, {float(prior[1]):g})",
    }


def needs_view(needs: dict[str, int], sides: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per side, the votes it must add to the too-early statement closest to being judged (0: enough there)."""
    return [{"side_id": s["id"], "name": s["name"], "n": int(needs.get(s["label"], 0))} for s in sides]
