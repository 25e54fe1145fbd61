"""Running the room: the current agenda item, the spotlight, timed rounds, and closing the meeting.

Either side's co-chair or deputy does each (`access.check_can_chair`); each is one transaction with
its record entry. Called through `parley.meetings.actions`.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.dialogues.models import Membership, Statement
from parley.errors import ActionError
from parley.ledger import log
from parley.ledger.log import record_time
from parley.meetings import access
from parley.meetings.models import AgendaItem, Meeting, Round
from parley.record.entries import MEETING_ADVANCED, MEETING_ENDED, MEETING_ROUND_STARTED, MEETING_SPOTLIGHT

MIN_ROUND = 10
MAX_ROUND = 3600


@transaction.atomic
def do_advance(member: Membership | None, meeting_id: object, step: object = "next") -> Meeting:
    """Move to the next agenda item (STEP "next"), the previous one ("previous"), or item number STEP.
    An item that is a statement also takes the spotlight."""
    member = access.check_can_chair(member)
    meeting = access.find_meeting(member.dialogue, meeting_id, lock=True)
    access.check_open(meeting)
    items = list(meeting.items.all())
    if not items:
        raise ActionError(_("The agenda is empty: add items first."))
    now = next((i for i, item in enumerate(items) if item.pk == meeting.current_item_id), None)
    if step == "next":
        index = 0 if now is None else now + 1
    elif step == "previous":
        index = 0 if now is None else now - 1
    else:
        try:
            index = int(str(step)) - 1
        except ValueError:
            raise ActionError(_("Choose an agenda item.")) from None
    if not 0 <= index < len(items):
        raise ActionError(_("There is no agenda item there: the agenda has %(n)d items.") % {"n": len(items)})
    item: AgendaItem = items[index]
    meeting.current_item = item
    fields = ["current_item"]
    if item.kind == AgendaItem.Kind.STATEMENT:
        meeting.spotlight_id = item.statement_id
        fields.append("spotlight")
    meeting.save(update_fields=fields)
    log.append(member.dialogue_id, MEETING_ADVANCED, {"meeting": meeting.pk, "item": item.position}, actor=member)
    return meeting


@transaction.atomic
def do_set_spotlight(member: Membership | None, meeting_id: object, statement_id: object) -> Meeting:
    """Put one visible statement of the dialogue in the spotlight: the projector shows it and its votes."""
    member = access.check_can_chair(member)
    meeting = access.find_meeting(member.dialogue, meeting_id, lock=True)
    access.check_open(meeting)
    try:
        pk = int(str(statement_id))
    except ValueError:
        raise ActionError(_("Give the statement's number."), field="statement") from None
    statement = Statement.objects.filter(pk=pk, dialogue_id=member.dialogue_id, status=Statement.Status.VISIBLE).first()
    if statement is None:
        raise ActionError(_("There is no visible statement with this number."), field="statement")
    meeting.spotlight = statement
    meeting.save(update_fields=["spotlight"])
    log.append(member.dialogue_id, MEETING_SPOTLIGHT, {"meeting": meeting.pk, "statement": pk}, actor=member)
    return meeting


@transaction.atomic
def do_start_round(member: Membership | None, meeting_id: object, seconds: object) -> Round:
    """Start a timed round of votes on the spotlight statement, lasting SECONDS."""
    member = access.check_can_chair(member)
    meeting = access.find_meeting(member.dialogue, meeting_id, lock=True)
    access.check_open(meeting)
    if meeting.spotlight_id is None:
        raise ActionError(_("Put a statement in the spotlight first: a round is a vote on it."))
    try:
        length = int(str(seconds))
    except ValueError:
        raise ActionError(_("Give the round's length in seconds."), field="seconds") from None
    if not MIN_ROUND <= length <= MAX_ROUND:
        raise ActionError(
            _("A round lasts from %(min)d to %(max)d seconds.") % {"min": MIN_ROUND, "max": MAX_ROUND}, field="seconds"
        )
    started = timezone.now()
    made = Round.objects.create(
        meeting=meeting,
        statement_id=meeting.spotlight_id,
        started_by=member,
        started_at=started,
        ends_at=started + timedelta(seconds=length),
    )
    payload = {
        "meeting": meeting.pk,
        "statement": meeting.spotlight_id,
        "seconds": length,
        "ends_at": record_time(made.ends_at),
    }
    log.append(member.dialogue_id, MEETING_ROUND_STARTED, payload, actor=member)
    return made


def current_round(meeting: Meeting) -> Round | None:
    """The round still running, if any."""
    return meeting.rounds.filter(ends_at__gt=timezone.now()).order_by("-started_at").first()


@transaction.atomic
def do_end_meeting(member: Membership | None, meeting_id: object) -> Meeting:
    """Close the meeting: its agenda and attendance stop changing, and the join links leave the projector.
    Its end is the time the cumulative results count votes up to."""
    member = access.check_can_chair(member)
    meeting = access.find_meeting(member.dialogue, meeting_id, lock=True)
    access.check_open(meeting)
    meeting.ended_at = timezone.now()
    meeting.join_links = {}
    meeting.save(update_fields=["ended_at", "join_links"])
    log.append(member.dialogue_id, MEETING_ENDED, {"meeting": meeting.pk}, actor=member)
    return meeting
