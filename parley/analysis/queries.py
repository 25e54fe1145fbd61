"""What a dialogue's latest analysis found, as a plain dict for the results page and the API."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
from django.conf import settings
from scipy.spatial import ConvexHull, QhullError

from parley.analysis.models import AnalysisRun
from parley.analysis.privacy import aggregate_only
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
            "common_ground": s["common_ground"],
            "common_ground_lower": s["common_ground_lower"],
            "divide": s["divide"],
            "bridging": s["bridging_intercept"],
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


def analysis_summary(dialogue: Dialogue, language: str, sides: list[dict[str, Any]]) -> dict[str, Any]:
    """Common ground, divides, the opinion map and the groups of the latest analysis, and its freshness."""
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
    with_sides = [e for e in entries.values() if e["common_ground"] is not None]
    common = sorted(with_sides, key=lambda e: (-e["common_ground"], e["id"]))[:TOP]
    divides = sorted((e for e in with_sides if e["divide"] is not None), key=lambda e: (-abs(e["divide"]), e["id"]))[
        :TOP
    ]
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
    summary.update(
        computed_at=run.finished_at,
        n_votes=run.n_votes,
        n_participants=run.n_participants,
        figures=_run_figures(dialogue, run, sides, language),
        engine_version=run.engine_version,
        common_ground=common,
        divides=divides,
        groups=groups,
        map=_opinion_map(result, sides),
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
