"""The published form of a totals-only dialogue's analysis: aggregates only.

The engine's result has a row per participant (id, side, group, map position, bridging factor),
and positions invert to vote vectors. Where only totals are public none of that may leave the
server: this keeps what describes many people at once and drops groups smaller than K.
"""

from __future__ import annotations

import json
from typing import Any


def aggregate_only(result: dict[str, Any], min_group: int) -> dict[str, Any]:
    """Return RESULT without anything per participant, and without groups of fewer than MIN_GROUP."""
    meta = json.loads(json.dumps(result["meta"]))
    groups = [g for g in result["groups"] if g["size"] >= min_group]
    meta["opinion_map"]["groups"] = len(groups)
    for within in meta.get("within_sides", {}).values():
        within["groups"] = [g for g in within["groups"] if g["size"] >= min_group]
    meta["privacy"] = {"totals_only": True, "min_group_size": min_group}
    kept = {
        "meta": meta,
        "statements": result["statements"],
        "groups": groups,
        "consensus": result["consensus"],
    }
    if "evidence" in result:  # verdicts and votes still needed per side: aggregates of each side
        kept["evidence"] = result["evidence"]
    return kept


def published_text(result: dict[str, Any]) -> str:
    """The JSON text whose SHA-256 the record holds, written as `Analysis.to_json` writes."""
    return json.dumps(result, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False)
