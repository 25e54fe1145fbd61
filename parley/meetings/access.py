"""Who may schedule, run and see what of a meeting: every rule for meetings, in one place.

Scheduling a meeting is not a privileged action in the sense of dual control: either side's
co-chair, deputy or organizer schedules one and edits it alone (every step is in the record, and
the other side can change it back). Running the room (the current item, the spotlight, rounds)
is for either side's co-chair or deputy; paper ballots for a side's moderators, for their side only.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from parley.dialogues.access import require_member
from parley.dialogues.models import Dialogue, Membership, Side
from parley.errors import ActionError, NotAllowed, NotFound
from parley.meetings.models import Meeting

ORGANIZERS = frozenset({Membership.Role.COCHAIR, Membership.Role.DEPUTY, Membership.Role.ORGANIZER})
# Who may open the projector: it shows the sides' join links, which let anyone who reads them join.
PROJECTOR_ROLES = ORGANIZERS | {Membership.Role.MODERATOR}


def find_meeting(dialogue: Dialogue, meeting_id: object, *, lock: bool = False) -> Meeting:
    """A meeting of DIALOGUE (anyone who sees the dialogue may read it: it is in the public record)."""
    try:
        pk = int(str(meeting_id))
    except ValueError:
        raise NotFound(_("There is no such meeting.")) from None
    rows = Meeting.objects.select_for_update() if lock else Meeting.objects
    meeting = rows.filter(pk=pk, dialogue=dialogue).first()
    if meeting is None:
        raise NotFound(_("There is no such meeting."))
    return meeting


def check_can_organize(member: Membership | None) -> Membership:
    """Scheduling, editing, the agenda and attendance: a co-chair, deputy or organizer of either side."""
    member = require_member(member)
    if member.role not in ORGANIZERS:
        raise NotAllowed(_("Only co-chairs, deputies and organizers can schedule and prepare meetings."))
    return member


def check_can_chair(member: Membership | None) -> Membership:
    """The next item, the spotlight, timed rounds, ending: either side's co-chair or deputy."""
    member = require_member(member)
    if not member.leads_side:
        raise NotAllowed(_("Only a co-chair or deputy can run a meeting."))
    return member


def check_can_project(member: Membership | None) -> Membership:
    """The projector and its live votes: the members who run the room."""
    member = require_member(member)
    if member.role not in PROJECTOR_ROLES:
        raise NotAllowed(_("Only the co-chairs, organizers and moderators open the projector."))
    return member


def check_can_see_attendance(member: Membership | None) -> bool:
    """Who attended, by pseudonym: members of the dialogue only (the public sees counts per side)."""
    return member is not None


def check_can_enter_paper(member: Membership | None, side: Side) -> Membership:
    """Paper ballots: a moderator (or co-chair or deputy) of SIDE, for SIDE only."""
    member = require_member(member)
    if not member.moderates:
        raise NotAllowed(_("Only a side's moderators enter its paper ballots."))
    if member.side_id != side.pk:
        raise NotAllowed(_("You enter the paper ballots of your own side only."))
    return member


def check_open(meeting: Meeting) -> None:
    """A closed meeting changes no more (its minutes go on as a joint statement)."""
    if meeting.ended_at is not None:
        raise ActionError(_("This meeting is closed."))
