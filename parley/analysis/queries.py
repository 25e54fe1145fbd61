"""What a dialogue's latest analysis found, as a plain dict for the results page and the API."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
from django.conf import settings
from scipy.spatial import ConvexHull, QhullError

from parley.analysis.models import AnalysisRun
from parley.analysis.privacy import aggregate_only
from parley.analysis.verdicts import needs_view, rule_view, statement_evidence
from parley.dialogues.figures import figures_view
from parley.dialogues.models import Dialogue, Statement
from parley.dialogues.provenance import translations_prefetch
from parley.dialogues.queries import side_row, statement_dict
from parley.record.figures import Figures

TOP = 5
MAP_SIZE = 400  # SVG user units, square
MAP_POINTS = 2500  # more dots than this add nothing a reader can see


def latest_run(dialogue: Dialogue) -> AnalysisRun | None:
    return (
        AnalysisRun.objects.filter(dialogue=dialogue, status=AnalysisRun.Status.DONE)
        .order_by("-finished_at", "-id")
        .first()
    )


def pending_run(dialogue: Dialogue) -> AnalysisRun | None:
    return (
        AnalysisRun.objects.filter(
            dialogue=dialogue, status__in=[AnalysisRun.Status.QUEUED, AnalysisRun.Status.RUNNING]
        )
        .order_by("-created_at")
        .first()
    )


def _per_side_rows(per_side: dict[str, dict[str, int]], sides: list[dict[str, Any]]) -> list[dict[str, Any]]:
    empty = {"agree": 0, "disagree": 0, "pass": 0}
    return [side_row(s["label"], s["id"], s["name"], per_side.get(s["label"], empty)) for s in sides]


def _statement_entries(
    result: dict[str, Any], dialogue: Dialogue, language: str, sides: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Result statements keyed by id, each with the text in the reader's language and per-side rows."""
    visible = {
        str(s.pk): s
        for s in Statement.objects.filter(dialogue=dialogue, status=Statement.Status.VISIBLE).prefetch_related(
            translations_prefetch()
        )
    }
    entries = {}
    for s in result["statements"]:
        statement = visible.get(s["id"])
        if statement is None:  # held or removed since the analysis ran
            continue
        entries[s["id"]] = {
            **statement_dict(statement, language),
            "per_side": _per_side_rows(s["per_side"], sides),
            "evidence": None,
        }
    return entries


def _opinion_map(result: dict[str, Any], sides: list[dict[str, Any]]) -> dict[str, Any]:
    """Participants as dots coloured by side, and each group's outline, scaled into the SVG box."""
    # A totals-only dialogue's analysis has no participants: no dots, no outlines.
    people = [p for p in result.get("participants", []) if p["x"] is not None and p["y"] is not None]
    if len(people) < 3:
        return {"points": [], "groups": [], "size": MAP_SIZE}
    xy = np.array([[p["x"], p["y"]] for p in people], dtype=float)
    low, high = xy.min(axis=0), xy.max(axis=0)
    span = np.where(high - low > 0, high - low, 1.0)
    margin = 16
    scaled = margin + (xy - low) / span * (MAP_SIZE - 2 * margin)
    scaled[:, 1] = MAP_SIZE - scaled[:, 1]  # SVG's y grows downwards
    side_ids = {s["label"]: s["id"] for s in sides}
    # A fixed, even subsample for large dialogues: same result on every render.
    order = sorted(range(len(people)), key=lambda i: hashlib.sha256(people[i]["id"].encode()).digest())
    shown = sorted(order[:MAP_POINTS])
    points = [
        {
            "x": round(float(scaled[i, 0]), 1),
            "y": round(float(scaled[i, 1]), 1),
            "side_id": side_ids.get(people[i]["side"]),
        }
        for i in shown
    ]
    groups = []
    for group in result["groups"]:
        members = np.array([i for i, p in enumerate(people) if p["group"] == group["id"]])
        if len(members) < 3:
            continue
        pts = scaled[members]
        try:
            hull = ConvexHull(pts)
        except QhullError:  # all on a line
            continue
        outline = " ".join(f"{pts[v, 0]:.1f},{pts[v, 1]:.1f}" for v in hull.vertices)
        centre = pts.mean(axis=0)
        groups.append(
            {
                "id": group["id"],
                "label": group["id"] + 1,
                "outline": outline,
                "x": round(float(centre[0]), 1),
                "y": round(float(centre[1]), 1),
            }
        )
    return {"points": points, "groups": groups, "size": MAP_SIZE}


def served_result(dialogue: Dialogue, result: dict[str, Any]) -> dict[str, Any]:
    """What of a stored RESULT may be shown: where only totals are public, never anything per
    participant (no ids, no map points) nor a group smaller than K, whatever a run stored before
    the dialogue became totals-only or before its results were stored that way."""
    if dialogue.vote_visibility != Dialogue.VoteVisibility.AGGREGATE:
        return result
    return aggregate_only(result, settings.TALLY_MIN_VOTERS)


def map_min_per_side() -> int:
    """Participants each side needs in an analysis before its opinion map is shown: 2K, so that no
    map shows a handful of dots whose corners a reader could take for camps."""
    return 2 * settings.TALLY_MIN_VOTERS


def _side_figures(result: dict[str, Any], sides: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each side's participants and votes as the analysis counted them (at the time it ran)."""
    participants = result["meta"].get("input", {}).get("sides") or {}
    votes = {s["label"]: 0 for s in sides}
    for statement in result["statements"]:
        for label, counts in statement.get("per_side", {}).items():
            if label in votes:
                votes[label] += counts["agree"] + counts["disagree"] + counts["pass"]
    return [
        {
            "side_id": s["id"],
            "name": s["name"],
            "n_participants": int(participants.get(s["label"], 0)),
            "n_votes": votes[s["label"]],
        }
        for s in sides
    ]


def _ranked(ids: list[str], entries: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [entries[i] for i in ids if i in entries]


def _evidence_summary(
    result: dict[str, Any], entries: dict[str, dict[str, Any]], sides: list[dict[str, Any]]
) -> dict[str, Any]:
    """Common ground, divides and bridging exactly as the engine's verdicts rank them; nothing claimed
    from a run computed before verdicts existed."""
    if "evidence" not in result:
        # Computed by an engine from before common ground needed evidence: its lists cannot be trusted.
        return {"evidence_state": "outdated", "common_ground": [], "divides": [], "bridging": []}
    evidence = result["evidence"]
    if evidence is None:  # no sides: nothing is common to two sides
        return {"evidence_state": "no_sides", "common_ground": [], "divides": [], "bridging": []}
    # Every statement the analysis saw, with its evidence (None for a meta statement, which is not judged).
    by_id: dict[str, dict[str, Any] | None] = {}
    for s in result["statements"]:
        if s["id"] in entries:
            shown = statement_evidence(s["evidence"], sides) if s.get("evidence") else None
            entries[s["id"]]["evidence"] = shown
            by_id[s["id"]] = shown
    common = _ranked(evidence["common_ground"], entries)
    divides = _ranked(evidence["divides"], entries)
    bridging = _ranked(evidence["bridging"], entries)
    return {
        "evidence_state": "ok",
        "rule": rule_view(evidence["rule"]),
        "common_ground": common[:TOP],
        "n_common_ground": len(common),
        "divides": divides[:TOP],
        "n_divides": len(divides),
        "bridging": bridging[:TOP],
        "n_bridging": len(bridging),
        "too_early": int(evidence.get("too_early", 0)),
        "needs": needs_view(evidence.get("needs") or {}, sides),
        "statement_evidence": by_id,
        # Every id of each list, ranked, for the page's filters (the lists above stop at TOP).
        "ranked_ids": {"common_ground": list(evidence["common_ground"]), "divides": list(evidence["divides"])},
    }


def analysis_summary(dialogue: Dialogue, language: str, sides: list[dict[str, Any]]) -> dict[str, Any]:
    """What the latest analysis found, from the engine's verdicts: the common ground, divides and
    bridging statements, how many are too early to tell and what each side still needs, the opinion
    map (or why there is none) and the groups, and when it was computed."""
    run = latest_run(dialogue)
    pending = pending_run(dialogue)
    summary: dict[str, Any] = {
        "available": run is not None,
        "pending": {
            "status": pending.status,
            "stage": pending.progress_stage,
            "progress": round(100 * pending.progress),
        }
        if pending
        else None,
    }
    if run is None or not run.result:
        return summary
    result = served_result(dialogue, run.result)
    entries = _statement_entries(result, dialogue, language, sides)
    groups = [
        {
            "id": g["id"],
            "label": g["id"] + 1,
            "size": g["size"],
            "representative": [
                {**entries[r["statement"]], "direction": r["direction"], "p_pct": round(100 * r["p"])}
                for r in g["representative"]
                if r["statement"] in entries
            ],
        }
        for g in result["groups"]
    ]
    figures = _side_figures(result, sides)
    opinion_map = _opinion_map(result, sides)
    if dialogue.vote_visibility == Dialogue.VoteVisibility.AGGREGATE:
        map_state = "totals_only"
    elif any(f["n_participants"] < map_min_per_side() for f in figures):
        map_state = "too_few"
    else:
        map_state = "shown" if opinion_map["points"] else "too_few"
    summary.update(
        computed_at=run.finished_at,
        n_votes=run.n_votes,
        n_participants=run.n_participants,
        figures=_run_figures(dialogue, run, sides, language),
        engine_version=run.engine_version,
        per_side=figures,
        **_evidence_summary(result, entries, sides),
        groups=groups,
        map=opinion_map if map_state == "shown" else {"points": [], "groups": [], "size": MAP_SIZE},
        map_state=map_state,
        map_min_per_side=map_min_per_side(),
        side_correlation=result["meta"].get("bridging", {}).get("side_correlation"),
    )
    return summary


def _run_figures(dialogue: Dialogue, run: AnalysisRun, sides: list[dict[str, Any]], language: str) -> Any:
    """The figures as of RUN's votes, labelled with its time (None for runs from before figures).
    Where only totals are public now, without voters, whatever the run stored before."""
    if not run.figures:
        return None
    figures = Figures.from_dict(run.figures)
    if dialogue.vote_visibility == Dialogue.VoteVisibility.AGGREGATE:
        figures = figures.totals_only()
    return figures_view(figures, sides, language, as_of=run.finished_at)
