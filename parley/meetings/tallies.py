"""Online counts as they stood at a moment, and the common-ground trend across meetings.

Only what was public at that moment counts: votes published one by one up to it, or, where only
totals are public, the totals of the latest batch sealed by then (never a batch split by time,
which would tell what its timing hides). Paper ballots are never part of these counts.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from parley.dialogues import tallies as dialogue_tallies
from parley.dialogues.counters import published_history
from parley.dialogues.models import Dialogue, Statement, TallyBatch, VoteHistory
from parley.meetings.models import Meeting

Counts = dict[int, dict[int, dict[str, int]]]
NAMES = {1: "agree", -1: "disagree", 0: "pass"}


def _blank() -> Counts:
    return defaultdict(lambda: defaultdict(lambda: {"agree": 0, "disagree": 0, "pass": 0}))


def counts_at(dialogue: Dialogue, moment: datetime, statement_ids: list[int] | None = None) -> Counts:
    """statement id -> side id -> {"agree", "disagree", "pass"}: the latest published votes at MOMENT."""
    counts = _blank()
    if dialogue_tallies.is_totals_only(dialogue):
        batch = TallyBatch.objects.filter(dialogue=dialogue, sealed_at__lte=moment).order_by("-number").first()
        side_ids = {side.label: side.pk for side in dialogue.ordered_sides()}
        for statement, per_side in (batch.totals if batch else {}).items():
            if statement_ids is not None and int(statement) not in statement_ids:
                continue
            for label, values in per_side.items():
                counts[int(statement)][side_ids[label]] = dict(zip(("agree", "disagree", "pass"), values, strict=True))
        return counts
    where = Q(statement__dialogue=dialogue, cast_at__lte=moment)
    if statement_ids is not None:
        where &= Q(statement_id__in=statement_ids)
    latest: dict[tuple[int, int], tuple[int, int]] = {}
    rows = (
        VoteHistory.objects.filter(published_history(where))
        .order_by("cast_at", "id")
        .values_list("membership_id", "membership__side_id", "statement_id", "value")
    )
    for member_id, side_id, statement_id, value in rows.iterator(chunk_size=5000):
        latest[(member_id, statement_id)] = (side_id, value)
    for (_member, statement_id), (side_id, value) in latest.items():
        counts[statement_id][side_id][NAMES[value]] += 1
    return counts


def majority_on_both_sides(per_side: dict[int, dict[str, int]], side_ids: list[int]) -> bool:
    """More than half of each side's votes on the statement agree (passes count as votes)."""
    for side_id in side_ids:
        row = per_side.get(side_id) or {"agree": 0, "disagree": 0, "pass": 0}
        total = row["agree"] + row["disagree"] + row["pass"]
        if not total or 2 * row["agree"] <= total:
            return False
    return True


def _snapshots(dialogue: Dialogue, moments: list[datetime]) -> dict[datetime, Counts]:
    """The counts at each of MOMENTS, from one pass over the published votes in the order they were cast
    (each vote moves one count from its voter's previous value), not one pass per moment."""
    if dialogue_tallies.is_totals_only(dialogue):
        return {moment: counts_at(dialogue, moment) for moment in moments}
    ordered = sorted(set(moments))
    snapshots: dict[datetime, Counts] = {}
    if not ordered:
        return snapshots
    counts: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    latest: dict[tuple[int, int], int] = {}
    index = {1: 0, -1: 1, 0: 2}

    def snapshot() -> Counts:
        taken = _blank()
        for (statement_id, side_id), (agree, disagree, passes) in counts.items():
            taken[statement_id][side_id] = {"agree": agree, "disagree": disagree, "pass": passes}
        return taken

    where = Q(statement__dialogue=dialogue, cast_at__lte=ordered[-1])
    rows = (
        VoteHistory.objects.filter(published_history(where))
        .order_by("cast_at", "id")
        .values_list("membership_id", "membership__side_id", "statement_id", "value", "cast_at")
    )
    pending = iter(ordered)
    boundary = next(pending)
    for member_id, side_id, statement_id, value, cast_at in rows.iterator(chunk_size=5000):
        while cast_at > boundary:
            snapshots[boundary] = snapshot()
            boundary = next(pending)
        row = counts[(statement_id, side_id)]
        previous = latest.get((member_id, statement_id))
        if previous is not None:
            row[index[previous]] -= 1
        row[index[value]] += 1
        latest[(member_id, statement_id)] = value
    snapshots[boundary] = snapshot()
    for rest in pending:
        snapshots[rest] = snapshots[boundary]
    return snapshots


def trend(dialogue: Dialogue, meetings: list[Meeting]) -> list[dict[str, Any]]:
    """For each meeting, in order, at its end (now for one not closed yet): how many statements had
    votes from both sides, and how many of those a majority of each side agreed with."""
    side_ids = [side.pk for side in dialogue.ordered_sides()]
    visible = dict(
        Statement.objects.filter(dialogue=dialogue, status=Statement.Status.VISIBLE).values_list("pk", "created_at")
    )
    now = timezone.now()
    moments = [meeting.ended_at or now for meeting in meetings]
    snapshots = _snapshots(dialogue, moments)
    points = []
    for meeting, moment in zip(meetings, moments, strict=True):
        counts = snapshots[moment]
        voted = [
            pk
            for pk, created in visible.items()
            if created <= moment and all(sum(counts[pk][side].values()) for side in side_ids)
        ]
        common = sum(1 for pk in voted if majority_on_both_sides(counts[pk], side_ids))
        points.append(
            {
                "meeting": meeting.pk,
                "at": moment,
                "closed": meeting.ended_at is not None,
                "voted": len(voted),
                "common": common,
                "share": round(100 * common / len(voted)) if voted else 0,
            }
        )
    return points
