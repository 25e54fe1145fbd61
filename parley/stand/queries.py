"""A participant's "where I stand", as a plain dict: read from the latest analysis run's stored result
(never recomputed per request) and the participant's own current votes."""

from __future__ import annotations

from typing import Any

from parley.analysis.models import AnalysisRun
from parley.analysis.queries import latest_run, map_min_per_side, served_result
from parley.dialogues.models import Dialogue, Membership, Statement, Vote
from parley.dialogues.provenance import translations_prefetch
from parley.dialogues.queries import statement_dict
from parley.stand.chart import opinion_map

# The engine clusters participants with at least min(MIN_VOTES, statements) votes (`OpinionMapper`).
MIN_VOTES = 7
# How many statements "where you differ most" lists per side.
TOP_DIFFERENT = 3
VALUES = {1: "agree", -1: "disagree", 0: "pass"}


def votes_needed(run: AnalysisRun | None, n_statements: int) -> int:
    """Votes a participant needs before the analysis places them in a group."""
    wanted = MIN_VOTES
    if run is not None:
        wanted = int((run.parameters or {}).get("opinion_map", {}).get("min_votes", MIN_VOTES) or MIN_VOTES)
    return max(1, min(wanted, n_statements))


def majority(counts: dict[str, int]) -> str | None:
    """The vote most of a side cast on a statement (agree, disagree or pass); None on a tie or no votes."""
    ranked = sorted(((counts.get(v, 0), v) for v in VALUES.values()), reverse=True)
    (top, value), (second, _other) = ranked[0], ranked[1]
    if top == 0 or top == second:
        return None
    return value


def side_mean(counts: dict[str, int]) -> float:
    """A side's mean vote on a statement, agree = 1, disagree = -1, pass = 0."""
    total = counts.get("agree", 0) + counts.get("disagree", 0) + counts.get("pass", 0)
    return (counts.get("agree", 0) - counts.get("disagree", 0)) / total if total else 0.0


def compare_with_sides(
    my_votes: dict[str, int], result: dict[str, Any], sides: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """For each side: on how many statements the participant voted as that side's majority did, of
    those where the side has one; and the statements where their vote is furthest from the side's mean."""
    rows = []
    for side in sides:
        compared, same = 0, 0
        differences: list[tuple[float, str, str]] = []
        for statement in result["statements"]:
            mine = my_votes.get(statement["id"])
            counts = statement.get("per_side", {}).get(side["label"])
            if mine is None or not counts:
                continue
            most = majority(counts)
            if most is None:
                continue
            compared += 1
            if VALUES[mine] == most:
                same += 1
            else:
                differences.append((abs(mine - side_mean(counts)), statement["id"], most))
        differences.sort(key=lambda d: (-d[0], int(d[1]) if d[1].isdigit() else 0))
        rows.append(
            {
                "side_id": side["id"],
                "label": side["label"],
                "name": side["name"],
                "compared": compared,
                "same": same,
                "same_pct": round(100 * same / compared) if compared else None,
                "differ": [{"statement": sid, "side_majority": most} for _d, sid, most in differences[:TOP_DIFFERENT]],
            }
        )
    return rows


def _statements(dialogue: Dialogue, ids: set[str], language: str) -> dict[str, dict[str, Any]]:
    """The visible statements among IDS, each in the reader's language."""
    pks = [int(i) for i in ids if i.isdigit()]
    found = Statement.objects.filter(dialogue=dialogue, pk__in=pks, status=Statement.Status.VISIBLE)
    return {str(s.pk): statement_dict(s, language) for s in found.prefetch_related(translations_prefetch())}


def stand_view(dialogue: Dialogue, member: Membership, language: str, sides: list[dict[str, Any]]) -> dict[str, Any]:
    """Where MEMBER stands by the latest analysis: position on the map, group, and each side compared."""
    run = latest_run(dialogue)
    visible = Statement.objects.filter(dialogue=dialogue, status=Statement.Status.VISIBLE)
    my_votes = {
        str(pk): value
        for pk, value in Vote.objects.filter(membership=member, statement__in=visible).values_list(
            "statement_id", "value"
        )
    }
    needed = votes_needed(run, visible.count())
    view: dict[str, Any] = {
        "state": "ok",
        "n_votes": len(my_votes),
        "votes_needed": needed,
        "more_votes": max(0, needed - len(my_votes)),
        "computed_at": None,
    }
    if run is None or not run.result:
        view["state"] = "no_analysis"
        return view
    if len(my_votes) < needed:
        view["state"] = "too_few_votes"
        return view
    result = served_result(dialogue, run.result)
    view["computed_at"] = run.finished_at
    me = next((p for p in result.get("participants", []) if p["id"] == str(member.pk)), None)
    totals_only = dialogue.vote_visibility == Dialogue.VoteVisibility.AGGREGATE
    comparison = compare_with_sides(my_votes, result, sides)
    group = None
    if me is not None and me["group"] is not None:
        group = next((g for g in result["groups"] if g["id"] == me["group"]), None)
    wanted = {d["statement"] for row in comparison for d in row["differ"]}
    if group is not None:
        wanted |= {r["statement"] for r in group["representative"]}
    texts = _statements(dialogue, wanted, language)
    for row in comparison:
        row["differ"] = [
            {**texts[d["statement"]], "side_majority": d["side_majority"], "mine": VALUES[my_votes[d["statement"]]]}
            for d in row["differ"]
            if d["statement"] in texts
        ]
    sizes = result["meta"].get("input", {}).get("sides") or {}
    view.update(
        totals_only=totals_only,
        # Placed: the run saw enough of the participant's votes to put them on the map.
        placed=me is not None and me["x"] is not None,
        # The engine's coordinates (the map draws them scaled into its box).
        position={"x": me["x"], "y": me["y"]} if me is not None and me["x"] is not None else None,
        sides=comparison,
        group=_group_view(group, texts, my_votes, len(result["groups"])) if group is not None else None,
        map=(
            opinion_map(result, member.pk, sides)
            if me is not None and all(int(sizes.get(s["label"], 0)) >= map_min_per_side() for s in sides)
            else None
        ),
        map_min_per_side=map_min_per_side(),
    )
    return view


def _group_view(
    group: dict[str, Any], texts: dict[str, dict[str, Any]], my_votes: dict[str, int], n_groups: int
) -> dict[str, Any]:
    """The participant's opinion group and what sets it apart, as the results page describes groups."""
    return {
        "label": group["id"] + 1,
        "size": group["size"],
        "n_groups": n_groups,
        "representative": [
            {
                **texts[r["statement"]],
                "direction": r["direction"],
                "p_pct": round(100 * r["p"]),
                "mine": VALUES.get(my_votes[r["statement"]]) if r["statement"] in my_votes else None,
            }
            for r in group["representative"]
            if r["statement"] in texts
        ],
    }
