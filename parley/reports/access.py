"""Who may read a report: anyone once its time has come; before it, only the dialogue's members."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.dialogues.access import access_dialogue
from parley.dialogues.models import Dialogue, Membership
from parley.errors import NotFound
from parley.reports.models import FrozenReport

MAX_ID = 2**63


def access_report(request: HttpRequest, slug: str, report_id: int) -> tuple[Dialogue, Membership | None, FrozenReport]:
    """The dialogue, the asker's membership and the frozen report; NotFound for a report that does not
    exist here, or that is still under embargo and the asker is not a member (it does not exist for them)."""
    dialogue, member = access_dialogue(request, slug)
    # An id past any integer column names no report (the database would refuse to compare it).
    found = FrozenReport.objects.filter(dialogue=dialogue, report_id=report_id) if 0 < report_id < MAX_ID else None
    frozen = found.select_related("report").first() if found is not None else None
    if frozen is None or (member is None and not frozen.is_public(timezone.now())):
        raise NotFound(_("There is no report at this address."))
    return dialogue, member, frozen
