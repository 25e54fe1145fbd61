"""What readers see in place of the codes Parley stores and records: one mapping per kind of code.

Codes stay as they are in the record, the JSON API and the bundle (machines read them); pages show
these labels, in the reader's language, and never the code itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from parley.dialogues.models import Membership
from parley.record.entries import (
    ANALYSIS_RUN_RECORDED,
    ANALYSIS_RUN_RECORDED_LEGACY,
    APPEAL_ANSWERED,
    BLOCKLIST_CHANGED,
    CHECKPOINT_SIGNED,
    DIALOGUE_CHANGE_ANSWERED,
    DIALOGUE_CHANGE_REQUESTED,
    DIALOGUE_CHANGED,
    DIALOGUE_CREATED,
    GLOSSARY_ADOPTED,
    INVITE_APPROVED,
    INVITE_CREATED,
    INVITE_REVOKED,
    JOINT_AMENDMENT_ACCEPTED,
    JOINT_AMENDMENT_PROPOSED,
    JOINT_AMENDMENT_REJECTED,
    JOINT_AMENDMENT_WITHDRAWN,
    JOINT_DRAFTED,
    JOINT_FINALISED,
    JOINT_RATIFIED,
    JOINT_SIGNED,
    JOINT_VOTE,
    JOINT_VOTES_TALLIED,
    KEY_REGISTERED,
    MEETING_ADVANCED,
    MEETING_AGENDA_CHANGED,
    MEETING_ATTENDANCE,
    MEETING_CHANGED,
    MEETING_CREATED,
    MEETING_ENDED,
    MEETING_PAPER_VOTES,
    MEETING_ROUND_STARTED,
    MEETING_SPOTLIGHT,
    MEMBERSHIP_JOINED,
    MEMBERSHIP_ROLE_CHANGED,
    MODERATION_DECIDED,
    MODERATION_POLICY_ADOPTED,
    PROPOSAL_APPROVED,
    PROPOSAL_EXPIRED,
    PROPOSAL_MADE,
    PROPOSAL_REJECTED,
    PROPOSAL_WITHDRAWN,
    REPORT_FROZEN,
    REPORT_PUBLISHED,
    STATEMENT_APPEALED,
    STATEMENT_FLAGGED,
    STATEMENT_FLAGS_DISMISSED,
    STATEMENT_MODERATED,
    STATEMENT_SUBMITTED,
    TEXT_WITHDRAWN,
    TRANSLATION_ADDED,
    TRANSLATION_DISPUTED,
    TRANSLATION_MACHINE,
    TRANSLATION_PROPOSED,
    TRANSLATION_REVIEWED,
    TRANSLATOR_GRANTED,
    TRANSLATOR_WITHDRAWN,
    VOTE_CAST,
    VOTES_TALLIED,
)
from parley.record.replay import COCHAIR, cochair_role_for

ENTRY_TYPES: dict[str, Promise] = {
    DIALOGUE_CREATED: pgettext_lazy("record entry", "Dialogue created"),
    DIALOGUE_CHANGED: pgettext_lazy("record entry", "Dialogue changed"),
    DIALOGUE_CHANGE_REQUESTED: pgettext_lazy("record entry", "Change of the dialogue requested"),
    DIALOGUE_CHANGE_ANSWERED: pgettext_lazy("record entry", "Change of the dialogue answered"),
    INVITE_CREATED: pgettext_lazy("record entry", "Invitation created"),
    INVITE_APPROVED: pgettext_lazy("record entry", "Invitation approved"),
    INVITE_REVOKED: pgettext_lazy("record entry", "Invitation withdrawn"),
    MEMBERSHIP_JOINED: pgettext_lazy("record entry", "Member joined"),
    MEMBERSHIP_ROLE_CHANGED: pgettext_lazy("record entry", "Role changed"),
    STATEMENT_SUBMITTED: pgettext_lazy("record entry", "Statement submitted"),
    STATEMENT_FLAGGED: pgettext_lazy("record entry", "Statement flagged"),
    STATEMENT_FLAGS_DISMISSED: pgettext_lazy("record entry", "Flags dismissed"),
    STATEMENT_MODERATED: pgettext_lazy("record entry", "Statement moderated"),
    STATEMENT_APPEALED: pgettext_lazy("record entry", "Appeal made"),
    APPEAL_ANSWERED: pgettext_lazy("record entry", "Appeal answered"),
    MODERATION_DECIDED: pgettext_lazy("record entry", "Moderation decided"),
    MODERATION_POLICY_ADOPTED: pgettext_lazy("record entry", "Moderation policy adopted"),
    BLOCKLIST_CHANGED: pgettext_lazy("record entry", "Blocklist changed"),
    TEXT_WITHDRAWN: pgettext_lazy("record entry", "Text withdrawn from the record"),
    VOTE_CAST: pgettext_lazy("record entry", "Vote cast"),
    VOTES_TALLIED: pgettext_lazy("record entry", "Batch of votes published"),
    PROPOSAL_MADE: pgettext_lazy("record entry", "Proposal made"),
    PROPOSAL_APPROVED: pgettext_lazy("record entry", "Proposal approved"),
    PROPOSAL_REJECTED: pgettext_lazy("record entry", "Proposal rejected"),
    PROPOSAL_WITHDRAWN: pgettext_lazy("record entry", "Proposal withdrawn"),
    PROPOSAL_EXPIRED: pgettext_lazy("record entry", "Proposal expired"),
    ANALYSIS_RUN_RECORDED: pgettext_lazy("record entry", "Analysis published"),
    ANALYSIS_RUN_RECORDED_LEGACY: pgettext_lazy("record entry", "Analysis published"),
    REPORT_PUBLISHED: pgettext_lazy("record entry", "Report published"),
    REPORT_FROZEN: pgettext_lazy("record entry", "Report frozen"),
    GLOSSARY_ADOPTED: pgettext_lazy("record entry", "Glossary term adopted"),
    KEY_REGISTERED: pgettext_lazy("record entry", "Signing key registered"),
    CHECKPOINT_SIGNED: pgettext_lazy("record entry", "Checkpoint signed"),
    JOINT_DRAFTED: pgettext_lazy("record entry", "Joint statement drafted"),
    JOINT_AMENDMENT_PROPOSED: pgettext_lazy("record entry", "Amendment proposed"),
    JOINT_AMENDMENT_ACCEPTED: pgettext_lazy("record entry", "Amendment accepted"),
    JOINT_AMENDMENT_REJECTED: pgettext_lazy("record entry", "Amendment rejected"),
    JOINT_AMENDMENT_WITHDRAWN: pgettext_lazy("record entry", "Amendment withdrawn"),
    JOINT_FINALISED: pgettext_lazy("record entry", "Joint statement finalised"),
    JOINT_VOTE: pgettext_lazy("record entry", "Vote on a joint statement"),
    JOINT_VOTES_TALLIED: pgettext_lazy("record entry", "Batch of votes on a joint statement published"),
    JOINT_SIGNED: pgettext_lazy("record entry", "Joint statement signed"),
    JOINT_RATIFIED: pgettext_lazy("record entry", "Joint statement ratified"),
    TRANSLATION_ADDED: pgettext_lazy("record entry", "Translation added"),
    TRANSLATION_MACHINE: pgettext_lazy("record entry", "Machine translation made"),
    TRANSLATION_PROPOSED: pgettext_lazy("record entry", "Translation proposed"),
    TRANSLATION_REVIEWED: pgettext_lazy("record entry", "Translation reviewed"),
    TRANSLATION_DISPUTED: pgettext_lazy("record entry", "Translation disputed"),
    TRANSLATOR_GRANTED: pgettext_lazy("record entry", "Translator appointed"),
    TRANSLATOR_WITHDRAWN: pgettext_lazy("record entry", "Translator withdrawn"),
    MEETING_CREATED: pgettext_lazy("record entry", "Meeting scheduled"),
    MEETING_CHANGED: pgettext_lazy("record entry", "Meeting changed"),
    MEETING_AGENDA_CHANGED: pgettext_lazy("record entry", "Meeting agenda changed"),
    MEETING_ATTENDANCE: pgettext_lazy("record entry", "Meeting attendance counted"),
    MEETING_ADVANCED: pgettext_lazy("record entry", "Meeting moved to an agenda item"),
    MEETING_SPOTLIGHT: pgettext_lazy("record entry", "Statement in a meeting's spotlight"),
    MEETING_ROUND_STARTED: pgettext_lazy("record entry", "Timed round started"),
    MEETING_PAPER_VOTES: pgettext_lazy("record entry", "Paper ballots entered"),
    MEETING_ENDED: pgettext_lazy("record entry", "Meeting closed"),
}

SERVER = "server"
_AMENDMENT_ACCEPTED = re.compile(r"amendment (\d+) accepted")


def entry_type_label(code: str) -> str:
    """A record entry's type as readers see it ("Statement submitted" for statement.submitted)."""
    label = ENTRY_TYPES.get(code)
    return str(label) if label is not None else code


def role_label(code: str) -> str:
    """A member's role ("Co-chair" for cochair); the labels are the role choices of the membership."""
    try:
        return str(Membership.Role(code).label)
    except ValueError:
        return code


def side_names(sides: Iterable[Any], language: str) -> dict[str, str]:
    """Each side's name in LANGUAGE, by its short label (as the record names sides)."""
    return {side.label: side.name_text(language) for side in sides}


def signer_label(role: str, sides: Iterable[Any], language: str) -> str:
    """Who signed under ROLE: "Server", or "Co-chair of <side>" for cochair-<side>."""
    if role == SERVER:
        return _("Server")
    for side in sides:
        if cochair_role_for(side.label, side.position) == role:
            return _("Co-chair of %(side)s") % {"side": side.name_text(language)}
    if role.startswith(f"{COCHAIR}-"):
        return _("Co-chair of %(side)s") % {"side": role.removeprefix(f"{COCHAIR}-")}
    return role


def version_reason_label(reason: str) -> str:
    """Why a joint statement's version was made: "First draft", "Amendment 3 accepted"."""
    if reason == "draft":
        return _("First draft")
    match = _AMENDMENT_ACCEPTED.fullmatch(reason)
    if match:
        return _("Amendment %(n)s accepted") % {"n": match.group(1)}
    return reason
