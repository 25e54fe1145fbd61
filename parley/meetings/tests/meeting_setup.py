"""A meeting of the personas' dialogue, scheduled by side A's organizer, with a statement of each side."""

from __future__ import annotations

from parley.ledger.models import RecordEntry
from parley.ledger.openings import opened_entries
from parley.meetings import actions
from parley.meetings.models import Meeting


def entries(world, kind: str) -> list[dict]:
    rows = RecordEntry.objects.filter(dialogue=world.dialogue, type=kind).order_by("seq")
    return opened_entries(world.dialogue.pk, rows)


def schedule(world, who: str = "farid", **data) -> Meeting:
    details = {"place": "Tbilisi, Rustaveli 12", "starts_at": "2026-03-01 10:00", "title": {"en": "First round"}}
    return actions.do_create_meeting(world.members[who], {**details, **data})


def with_statements(world) -> tuple[Meeting, list]:
    """A meeting whose agenda has one statement of each side."""
    meeting = schedule(world)
    made = [world.statement("alice", "Rivers need clean water."), world.statement("bella", "Fish need rivers.")]
    for statement in made:
        actions.do_add_agenda_item(world.farid, meeting.pk, {"kind": "statement", "statement": statement.pk})
    return meeting, made
