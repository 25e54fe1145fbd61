"""A dialogue's figures counted from the tables, by the one definition in `parley.record.figures`.

The pages, the API, `parley dialogues` and the demo's output take their counts from here; the
bundle counts the same figures from the record, and a test checks that the two agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Sum

from parley.dialogues import tallies
from parley.dialogues.models import Dialogue, Membership, SideTally, Statement, Vote
from parley.record import figures_texts
from parley.record.figures import Figures, SideFigures


def dialogue_figures(dialogue: Dialogue) -> Figures:
    """DIALOGUE's figures as they stand now."""
    return figures_for([dialogue])[dialogue.pk]


def figures_for(dialogues: Iterable[Dialogue]) -> dict[int, Figures]:
    """The figures of each of DIALOGUES, by id, in five queries (plus two per totals-only dialogue, and
    one for the sides of each dialogue whose sides are not prefetched)."""
    dialogues = list(dialogues)
    ids = [d.pk for d in dialogues]
    members = Membership.objects.filter(dialogue_id__in=ids, join_waiting=False).exclude(role=Membership.Role.OBSERVER)
    participants = _per_side(members.values("dialogue_id", "side__label").annotate(n=Count("id")), "side__label")
    statuses: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Statement.objects.filter(dialogue_id__in=ids).values("dialogue_id", "status").annotate(n=Count("id")).order_by()
    ):
        statuses[row["dialogue_id"]][row["status"]] = row["n"]
    # Current votes from the counters (`parley.dialogues.counters`), and voters as the members with a
    # vote on a visible statement (one index probe each): neither reads every vote.
    current = _per_side(
        SideTally.objects.filter(statement__dialogue_id__in=ids, statement__status=Statement.Status.VISIBLE)
        .values("statement__dialogue_id", "side__label")
        .annotate(n=Sum(F("agree") + F("disagree") + F("passes")))
        .order_by(),
        "side__label",
        dialogue_key="statement__dialogue_id",
    )
    voted = Vote.objects.filter(membership=OuterRef("pk"), statement__status=Statement.Status.VISIBLE)
    voters = _per_side(
        Membership.objects.filter(dialogue_id__in=ids)
        .filter(Exists(voted))
        .values("dialogue_id", "side__label")
        .annotate(n=Count("id"))
        .order_by(),
        "side__label",
    )
    # Published votes (cast while votes were public one by one, or sealed in a batch), from the
    # counters too: counting the vote history would read every vote ever cast.
    cast = _per_side(
        SideTally.objects.filter(statement__dialogue_id__in=ids)
        .values("statement__dialogue_id", "side__label")
        .annotate(n=Sum("cast"))
        .order_by(),
        "side__label",
        dialogue_key="statement__dialogue_id",
    )
    result = {}
    for d in dialogues:
        totals_only = tallies.is_totals_only(d)
        if totals_only:
            current[d.pk] = _batch_current(d)
        status = statuses[d.pk]
        result[d.pk] = Figures(
            sides=tuple(
                SideFigures(
                    label=side.label,
                    participants=participants[d.pk].get(side.label, 0),
                    voters=None if totals_only else voters[d.pk].get(side.label, 0),
                    current_votes=current[d.pk].get(side.label, 0),
                    votes_cast=cast[d.pk].get(side.label, 0),
                )
                for side in d.ordered_sides()
            ),
            statements_visible=status.get(Statement.Status.VISIBLE, 0),
            statements_on_hold=status.get(Statement.Status.ON_HOLD, 0),
            statements_removed=status.get(Statement.Status.REMOVED, 0),
        )
    return result


def _per_side(rows: Iterable[dict[str, Any]], side_key: str, dialogue_key: str = "dialogue_id") -> dict[int, dict]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row[dialogue_key]][row[side_key]] = row["n"]
    return counts


def _batch_current(dialogue: Dialogue) -> dict[str, int]:
    """Per side, the latest sealed batch's totals on the statements visible now."""
    batch = tallies.latest_batch(dialogue)
    if batch is None:
        return {}
    visible = {
        str(pk) for pk in dialogue.statements.filter(status=Statement.Status.VISIBLE).values_list("pk", flat=True)
    }
    counts: dict[str, int] = defaultdict(int)
    for statement, per_side in batch.totals.items():
        if statement in visible:
            for label, values in per_side.items():
                counts[label] += sum(values)
    return counts


def figures_view(
    figures: Figures, sides: list[dict[str, Any]], language: str, *, as_of: datetime | None = None
) -> dict[str, Any]:
    """FIGURES as a page and the API show them: each figure's name, definition, total and value per
    side (SIDES as `queries.side_dict` gives them, in order); AS_OF, for figures as of an analysis."""

    def item(key: str, total: int | None, per_side: list[int | None]) -> dict[str, Any]:
        name, definition = figures_texts.text(language, key)
        return {
            "key": key,
            "name": name,
            "definition": definition,
            "total": total,
            "per_side": [
                {"side_id": side["id"], "name": side["name"], "value": value}
                for side, value in zip(sides, per_side, strict=True)
            ]
            if per_side
            else [],
        }

    statements = item("statements", figures.statements, [])
    statements["parts"] = [
        {"key": key, "name": figures_texts.text(language, key)[0], "value": value}
        for key, value in (
            ("visible", figures.statements_visible),
            ("on_hold", figures.statements_on_hold),
            ("removed", figures.statements_removed),
        )
    ]
    items = [
        item("participants", figures.participants, [s.participants for s in figures.sides]),
        item("voters", figures.voters, [s.voters for s in figures.sides]),
        statements,
        item("current_votes", figures.current_votes, [s.current_votes for s in figures.sides]),
        item("votes_cast", figures.votes_cast, [s.votes_cast for s in figures.sides]),
    ]
    per_side = [i for i in items if i["per_side"]]

    def cell(i: dict[str, Any]) -> dict[str, Any]:
        return {"key": i["key"], "name": i["name"], "definition": i["definition"]}

    return {
        "as_of": as_of,
        "not_published": dict(zip(("name", "definition"), figures_texts.text(language, "not_published"), strict=True)),
        "items": items,
        # The same figures side by side, a line per side and one for both (the results page's summary).
        "by_side": {
            "rows": [
                {
                    "side_id": side["id"],
                    "name": side["name"],
                    "cells": [{**cell(i), "value": i["per_side"][n]["value"]} for i in per_side],
                }
                for n, side in enumerate(sides)
            ],
            "totals": [{**cell(i), "value": i["total"]} for i in per_side],
            "statements": statements,
        },
        "counts": figures.to_dict(),
    }
