"""A meeting's minutes: a joint statement linked to the meeting, drafted from the text written in the
room, then amended, finalised and signed through the joint statements' own pages and proposals.

Only the start differs from a joint statement drafted from common ground: its clauses are the
paragraphs of the minutes rather than statements. Its record entry is the same `joint.drafted`,
with the meeting's id added. Called through `parley.meetings.actions`.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from parley.dialogues.models import LANGUAGE_CODES, Membership
from parley.dialogues.validation import clean_language, texts_per_language
from parley.errors import ActionError
from parley.joint import access as joint_access
from parley.joint.actions import MAX_CLAUSES, MAX_TITLE, clean_clause_text
from parley.joint.models import JointStatement, JointVersion
from parley.ledger import log
from parley.meetings import access
from parley.meetings.models import Meeting
from parley.record.entries import JOINT_DRAFTED


def paragraphs(text: object) -> list[str]:
    """The minutes' paragraphs (separated by blank lines), each a clause."""
    raw = text.replace("\r\n", "\n") if isinstance(text, str) else ""
    parts = [" ".join(part.split()) for part in raw.split("\n\n")]
    return [part for part in parts if part]


@transaction.atomic
def do_start_minutes(
    member: Membership | None, meeting_id: object, title: object, text: object, language: object
) -> JointStatement:
    """Draft the meeting's minutes in LANGUAGE: a co-chair or deputy, once per meeting."""
    member = joint_access.check_can_draft(member)
    meeting: Meeting = access.find_meeting(member.dialogue, meeting_id, lock=True)
    if meeting.minutes_id is not None:
        raise ActionError(_("This meeting's minutes are already drafted: propose amendments to them."))
    code = clean_language(language, member.dialogue.languages or LANGUAGE_CODES)
    clean_title = texts_per_language(dict(title) if isinstance(title, Mapping) else {}, "title", MAX_TITLE, True)
    parts = paragraphs(text)
    if not parts:
        raise ActionError(_("Write the minutes: they are empty."), field="text")
    if len(parts) > MAX_CLAUSES:
        raise ActionError(_("Minutes have at most %(max)d paragraphs.") % {"max": MAX_CLAUSES}, field="text")
    clauses = [
        {"key": str(n), "texts": {code: clean_clause_text(part)}, "original": code, "sources": []}
        for n, part in enumerate(parts, start=1)
    ]
    joint = JointStatement.objects.create(dialogue_id=member.dialogue_id, title=clean_title, started_by=member)
    JointVersion.objects.create(joint=joint, number=1, clauses=clauses, made_by=member, reason="minutes")
    meeting.minutes = joint
    meeting.save(update_fields=["minutes"])
    payload = {"joint": joint.pk, "version": 1, "clauses": clauses, "title": clean_title, "meeting": meeting.pk}
    log.append(member.dialogue_id, JOINT_DRAFTED, payload, actor=member)
    return joint
