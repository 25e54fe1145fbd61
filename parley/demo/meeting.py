"""The demo's meeting in person: an agenda of three statements, the first in the spotlight with a round
running, attendance per side, the co-chairs' paper ballots, and both sides' join links on the projector."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from parley.dialogues.models import Membership, Statement
from parley.meetings import actions as meetings


def hold_demo_meeting(
    chairs: list[Membership], statements: list[tuple[Statement, str]], try_it: list[dict[str, Any]]
) -> int:
    """Schedule and open the demo's meeting (run by side A's co-chair, joined by side B's); return its id."""
    chair_a, chair_b = chairs
    title = {"en": "First meeting in person", "az": "İlk üz-üzə görüş", "hy": "Առաջին առերես հանդիպումը"}
    title["ru"] = "Первая очная встреча"
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    meeting = meetings.do_create_meeting(chair_a, {"place": "Tbilisi", "starts_at": start, "title": title})
    for statement, _profile in statements[:3]:
        meetings.do_add_agenda_item(chair_b, meeting.pk, {"kind": "statement", "statement": statement.pk})
    for chair, link in zip(chairs, try_it, strict=True):
        meetings.do_set_join_link(chair, meeting.pk, f"/join/{link['token']}/")
        present = Membership.objects.filter(side_id=chair.side_id).order_by("pk")[:12]
        meetings.do_mark_attendance(chair, meeting.pk, [m.pk for m in present])
    meetings.do_advance(chair_b, meeting.pk)
    first = statements[0][0]
    meetings.do_enter_paper_votes(chair_a, meeting.pk, first.pk, {"agree": 9, "disagree": 2, "pass": 1})
    meetings.do_enter_paper_votes(chair_b, meeting.pk, first.pk, {"agree": 7, "disagree": 4, "pass": 1})
    meetings.do_start_round(chair_a, meeting.pk, 3600)
    return meeting.pk
