"""Paper ballots: a side's moderator enters how its delegation voted on paper on a statement.

Stored apart from online votes (`PaperTally`), never fed to the analysis, and labelled "paper"
wherever shown. Entering them again for the same statement replaces that side's counts (each
entry is in the record). Called through `parley.meetings.actions`.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.dialogues.access import require_member
from parley.dialogues.models import Membership, Statement
from parley.errors import ActionError
from parley.ledger import log
from parley.meetings import access
from parley.meetings.models import PaperTally
from parley.record.entries import MEETING_PAPER_VOTES

MAX_BALLOTS = 100_000


def _count(value: object, field: str) -> int:
    text = str(value if value is not None else "").strip() or "0"
    try:
        number = int(text)
    except ValueError:
        raise ActionError(_("Give a whole number of ballots."), field=field) from None
    if not 0 <= number <= MAX_BALLOTS:
        raise ActionError(_("A count of ballots is from 0 to %(max)d.") % {"max": MAX_BALLOTS}, field=field)
    return number


@transaction.atomic
def do_enter_paper_votes(
    member: Membership | None,
    meeting_id: object,
    statement_id: object,
    counts: Mapping[str, object],
    side: object = None,
) -> PaperTally:
    """Enter a side's paper ballots on a statement at a meeting: COUNTS "agree", "disagree", "pass".
    SIDE (a label; the member's own by default) must be the member's own side."""
    member = require_member(member)
    chosen = next((s for s in member.dialogue.ordered_sides() if s.label == side), None) if side else member.side
    if chosen is None:
        raise ActionError(_("Choose a side of this dialogue."), field="side")
    member = access.check_can_enter_paper(member, chosen)
    meeting = access.find_meeting(member.dialogue, meeting_id, lock=True)
    try:
        pk = int(str(statement_id))
    except ValueError:
        raise ActionError(_("Give the statement's number."), field="statement") from None
    statement = Statement.objects.filter(pk=pk, dialogue_id=member.dialogue_id).first()
    if statement is None:
        raise ActionError(_("There is no statement with this number."), field="statement")
    clean = {
        "agree": _count(counts.get("agree"), "agree"),
        "disagree": _count(counts.get("disagree"), "disagree"),
        "passes": _count(counts.get("pass"), "pass"),
    }
    if not any(clean.values()):
        raise ActionError(_("Enter at least one ballot."), field="agree")
    tally, _created = PaperTally.objects.update_or_create(
        meeting=meeting,
        statement=statement,
        side_id=member.side_id,
        defaults={**clean, "entered_by": member, "entered_at": timezone.now()},
    )
    payload = {
        "meeting": meeting.pk,
        "statement": statement.pk,
        "side": member.side.label,
        "agree": clean["agree"],
        "disagree": clean["disagree"],
        "pass": clean["passes"],
    }
    log.append(member.dialogue_id, MEETING_PAPER_VOTES, payload, actor=member)
    return tally
