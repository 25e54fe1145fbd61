"""Meetings: every write, one transaction with its record entry each.

Scheduling and the agenda are here; running the room (next item, spotlight, rounds, ending) in
`room`, paper ballots in `paper`, the minutes in `minutes`; all are re-exported at the end, so that
every meeting write is called as `parley.meetings.actions.do_...`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from parley.dialogues.actions.joining import find_invite
from parley.dialogues.models import Membership, Statement
from parley.dialogues.validation import texts_per_language
from parley.errors import ActionError
from parley.joint.models import JointStatement
from parley.ledger import log
from parley.ledger.log import record_time
from parley.meetings import access, paper, room
from parley.meetings import minutes as meeting_minutes
from parley.meetings.models import AgendaItem, Attendance, Meeting
from parley.record.entries import (
    MEETING_AGENDA_CHANGED,
    MEETING_ATTENDANCE,
    MEETING_CHANGED,
    MEETING_CREATED,
)

MAX_TITLE = 200
MAX_PLACE = 200
MAX_TOPIC = 500
MAX_ITEMS = 40


def _clean_details(data: Mapping[str, Any]) -> dict[str, Any]:
    title = data.get("title")
    clean_title = texts_per_language(dict(title) if isinstance(title, Mapping) else {}, "title", MAX_TITLE, False)
    place = data.get("place")
    place = " ".join(place.split()) if isinstance(place, str) else ""
    if not place:
        raise ActionError(_("Say where the meeting takes place."), field="place")
    if len(place) > MAX_PLACE:
        raise ActionError(_("This is longer than %(max)d characters.") % {"max": MAX_PLACE}, field="place")
    starts_at = _clean_time(data.get("starts_at"))
    return {"title": clean_title, "place": place, "starts_at": starts_at}


def _clean_time(value: object) -> datetime:
    if isinstance(value, datetime):
        moment: datetime | None = value
    else:
        try:
            moment = parse_datetime(str(value or "").strip())
        except ValueError:
            moment = None
    if moment is None:
        raise ActionError(_("Give the date and time as YYYY-MM-DD HH:MM."), field="starts_at")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _details_payload(meeting: Meeting) -> dict[str, Any]:
    return {
        "meeting": meeting.pk,
        "title": meeting.title,
        "place": meeting.place,
        "starts_at": record_time(meeting.starts_at),
    }


@transaction.atomic
def do_create_meeting(member: Membership | None, data: Mapping[str, Any]) -> Meeting:
    """Schedule a meeting in person: a place, a time and, optionally, a title per language."""
    member = access.check_can_organize(member)
    details = _clean_details(data)
    meeting = Meeting.objects.create(dialogue_id=member.dialogue_id, created_by=member, **details)
    log.append(member.dialogue_id, MEETING_CREATED, _details_payload(meeting), actor=member)
    return meeting


@transaction.atomic
def do_edit_meeting(member: Membership | None, meeting_id: object, data: Mapping[str, Any]) -> Meeting:
    """Change a meeting's title, place or time."""
    member = access.check_can_organize(member)
    meeting = access.find_meeting(member.dialogue, meeting_id, lock=True)
    access.check_open(meeting)
    details = _clean_details(data)
    if details == {"title": meeting.title, "place": meeting.place, "starts_at": meeting.starts_at}:
        raise ActionError(_("Nothing would change."))
    for name, value in details.items():
        setattr(meeting, name, value)
    meeting.save(update_fields=list(details))
    log.append(member.dialogue_id, MEETING_CHANGED, _details_payload(meeting), actor=member)
    return meeting


# --- the agenda ------------------------------------------------------------------------------------


def agenda_payload(meeting: Meeting) -> list[dict[str, Any]]:
    """The agenda as the record states it: each item's kind and what it refers to, in order."""
    items = []
    for item in meeting.items.all():
        entry: dict[str, Any] = {"position": item.position, "kind": item.kind}
        if item.kind == AgendaItem.Kind.STATEMENT:
            entry["statement"] = item.statement_id
        elif item.kind == AgendaItem.Kind.TOPIC:
            entry["texts"] = item.topic
        else:
            entry.update({"joint": item.joint_id, "version": item.joint_version, "clause": item.clause})
        items.append(entry)
    return items


def _int(value: object, field: str, message: str) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise ActionError(message, field=field) from None


@transaction.atomic
def do_add_agenda_item(member: Membership | None, meeting_id: object, data: Mapping[str, Any]) -> AgendaItem:
    """Add an item at the end of the agenda: a statement, a topic (text per language) or a joint clause."""
    member = access.check_can_organize(member)
    meeting = access.find_meeting(member.dialogue, meeting_id, lock=True)
    access.check_open(meeting)
    count = meeting.items.count()
    if count >= MAX_ITEMS:
        raise ActionError(_("An agenda has at most %(max)d items.") % {"max": MAX_ITEMS})
    kind = str(data.get("kind") or "")
    item = AgendaItem(meeting=meeting, position=count + 1, kind=kind)
    if kind == AgendaItem.Kind.STATEMENT:
        pk = _int(data.get("statement"), "statement", _("Give the statement's number."))
        statement = Statement.objects.filter(
            pk=pk, dialogue_id=member.dialogue_id, status=Statement.Status.VISIBLE
        ).first()
        if statement is None:
            raise ActionError(_("There is no visible statement with this number."), field="statement")
        item.statement = statement
    elif kind == AgendaItem.Kind.TOPIC:
        topic = data.get("topic")
        item.topic = texts_per_language(dict(topic) if isinstance(topic, Mapping) else {}, "topic", MAX_TOPIC, True)
    elif kind == AgendaItem.Kind.CLAUSE:
        pk = _int(data.get("joint"), "joint", _("Choose a joint statement."))
        joint = JointStatement.objects.filter(pk=pk, dialogue_id=member.dialogue_id).first()
        if joint is None:
            raise ActionError(_("Choose a joint statement."), field="joint")
        version = joint.final_version or joint.versions.order_by("-number").first()
        key = str(data.get("clause") or "").strip()
        if version is None or version.clause(key) is None:
            raise ActionError(_("Choose a clause of the joint statement's current text."), field="clause")
        item.joint, item.joint_version, item.clause = joint, version.number, key
    else:
        raise ActionError(_("Choose what the agenda item is."), field="kind")
    item.save()
    log.append(
        member.dialogue_id,
        MEETING_AGENDA_CHANGED,
        {"meeting": meeting.pk, "items": agenda_payload(meeting)},
        actor=member,
    )
    return item


@transaction.atomic
def do_remove_agenda_item(member: Membership | None, meeting_id: object, item_id: object) -> Meeting:
    """Take an item off the agenda; the items after it move up."""
    member = access.check_can_organize(member)
    meeting = access.find_meeting(member.dialogue, meeting_id, lock=True)
    access.check_open(meeting)
    pk = _int(item_id, "item", _("There is no such agenda item."))
    item = meeting.items.filter(pk=pk).first()
    if item is None:
        raise ActionError(_("There is no such agenda item."), field="item")
    if meeting.current_item_id == item.pk:
        meeting.current_item = None
        meeting.save(update_fields=["current_item"])
    item.delete()
    for position, rest in enumerate(meeting.items.all(), start=1):
        if rest.position != position:
            AgendaItem.objects.filter(pk=rest.pk).update(position=position)
    log.append(
        member.dialogue_id,
        MEETING_AGENDA_CHANGED,
        {"meeting": meeting.pk, "items": agenda_payload(meeting)},
        actor=member,
    )
    return meeting


# --- attendance and the sides' join links ------------------------------------------------------------


@transaction.atomic
def do_mark_attendance(member: Membership | None, meeting_id: object, present: object) -> int:
    """Mark who of the member's own side is present (the whole list: others are unmarked); the record
    gets the count."""
    member = access.check_can_organize(member)
    meeting = access.find_meeting(member.dialogue, meeting_id, lock=True)
    access.check_open(meeting)
    asked = present if isinstance(present, list | tuple) else [present] if present else []
    ids = {_int(value, "present", _("Choose members from the list.")) for value in asked}
    own = set(Membership.objects.filter(side_id=member.side_id, pk__in=ids).values_list("pk", flat=True))
    if own != ids:
        raise ActionError(_("You mark the attendance of your own side's members only."), field="present")
    side_rows = Attendance.objects.filter(meeting=meeting, membership__side_id=member.side_id)
    side_rows.exclude(membership_id__in=ids).delete()
    already = set(side_rows.values_list("membership_id", flat=True))
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, membership_id=pk, marked_by=member) for pk in sorted(ids - already)]
    )
    payload = {"meeting": meeting.pk, "side": member.side.label, "present": len(ids)}
    log.append(member.dialogue_id, MEETING_ATTENDANCE, payload, actor=member)
    return len(ids)


@transaction.atomic
def do_set_join_link(member: Membership | None, meeting_id: object, link: object) -> Meeting:
    """Show (or, with an empty LINK, stop showing) the member's side's invitation link as a QR code on
    the projector. It must be a usable participant invitation of their side. Not in the record: the
    link lets whoever reads it join."""
    member = access.check_can_organize(member)
    meeting = access.find_meeting(member.dialogue, meeting_id, lock=True)
    access.check_open(meeting)
    text = link.strip() if isinstance(link, str) else ""
    links = dict(meeting.join_links)
    if not text:
        links.pop(member.side.label, None)
    else:
        try:
            match = resolve(urlsplit(text).path)
        except Resolver404:
            match = None
        if match is None or match.view_name != "dialogues:join":
            raise ActionError(_("Paste an invitation link of this dialogue, as Manage showed it."), field="link")
        invite = find_invite(match.kwargs["token"])
        if invite.dialogue_id != member.dialogue_id or invite.side_id != member.side_id:
            raise ActionError(_("Paste an invitation link of your own side."), field="link")
        if invite.role != Membership.Role.PARTICIPANT:
            raise ActionError(_("Paste an invitation link for participants."), field="link")
        links[member.side.label] = text
    meeting.join_links = links
    meeting.save(update_fields=["join_links"])
    return meeting


# --- the room, paper ballots and minutes: parley.meetings.room, .paper and .minutes ---------------

do_advance = room.do_advance
do_set_spotlight = room.do_set_spotlight
do_start_round = room.do_start_round
do_end_meeting = room.do_end_meeting
do_enter_paper_votes = paper.do_enter_paper_votes
do_start_minutes = meeting_minutes.do_start_minutes
