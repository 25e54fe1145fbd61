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
from parley.record.replay import COCHAIR, cochair_role_for

ENTRY_TYPES: dict[str, Promise] = {
    "dialogue.created": pgettext_lazy("record entry", "Dialogue created"),
    "dialogue.changed": pgettext_lazy("record entry", "Dialogue changed"),
    "dialogue.change_requested": pgettext_lazy("record entry", "Change of the dialogue requested"),
    "dialogue.change_answered": pgettext_lazy("record entry", "Change of the dialogue answered"),
    "invite.created": pgettext_lazy("record entry", "Invitation created"),
    "invite.approved": pgettext_lazy("record entry", "Invitation approved"),
    "invite.revoked": pgettext_lazy("record entry", "Invitation withdrawn"),
    "membership.joined": pgettext_lazy("record entry", "Member joined"),
    "membership.role_changed": pgettext_lazy("record entry", "Role changed"),
    "statement.submitted": pgettext_lazy("record entry", "Statement submitted"),
    "statement.flagged": pgettext_lazy("record entry", "Statement flagged"),
    "statement.flags_dismissed": pgettext_lazy("record entry", "Flags dismissed"),
    "statement.moderated": pgettext_lazy("record entry", "Statement moderated"),
    "statement.appealed": pgettext_lazy("record entry", "Appeal made"),
    "appeal.answered": pgettext_lazy("record entry", "Appeal answered"),
    "moderation.decided": pgettext_lazy("record entry", "Moderation decided"),
    "moderation.policy_adopted": pgettext_lazy("record entry", "Moderation policy adopted"),
    "blocklist.changed": pgettext_lazy("record entry", "Blocklist changed"),
    "text.withdrawn": pgettext_lazy("record entry", "Text withdrawn from the record"),
    "vote.cast": pgettext_lazy("record entry", "Vote cast"),
    "votes.tallied": pgettext_lazy("record entry", "Batch of votes published"),
    "proposal.made": pgettext_lazy("record entry", "Proposal made"),
    "proposal.approved": pgettext_lazy("record entry", "Proposal approved"),
    "proposal.rejected": pgettext_lazy("record entry", "Proposal rejected"),
    "proposal.withdrawn": pgettext_lazy("record entry", "Proposal withdrawn"),
    "proposal.expired": pgettext_lazy("record entry", "Proposal expired"),
    "analysis.published": pgettext_lazy("record entry", "Analysis published"),
    "report.published": pgettext_lazy("record entry", "Report published"),
    "glossary.adopted": pgettext_lazy("record entry", "Glossary term adopted"),
    "key.registered": pgettext_lazy("record entry", "Signing key registered"),
    "checkpoint.signed": pgettext_lazy("record entry", "Checkpoint signed"),
    "joint.drafted": pgettext_lazy("record entry", "Joint statement drafted"),
    "joint.amendment_proposed": pgettext_lazy("record entry", "Amendment proposed"),
    "joint.amendment_accepted": pgettext_lazy("record entry", "Amendment accepted"),
    "joint.amendment_rejected": pgettext_lazy("record entry", "Amendment rejected"),
    "joint.amendment_withdrawn": pgettext_lazy("record entry", "Amendment withdrawn"),
    "joint.finalised": pgettext_lazy("record entry", "Joint statement finalised"),
    "joint.vote": pgettext_lazy("record entry", "Vote on a joint statement"),
    "joint.signed": pgettext_lazy("record entry", "Joint statement signed"),
    "joint.ratified": pgettext_lazy("record entry", "Joint statement ratified"),
    "translation.added": pgettext_lazy("record entry", "Translation added"),
    "translation.machine": pgettext_lazy("record entry", "Machine translation made"),
    "translation.proposed": pgettext_lazy("record entry", "Translation proposed"),
    "translation.reviewed": pgettext_lazy("record entry", "Translation reviewed"),
    "translation.disputed": pgettext_lazy("record entry", "Translation disputed"),
    "translator.granted": pgettext_lazy("record entry", "Translator appointed"),
    "translator.withdrawn": pgettext_lazy("record entry", "Translator withdrawn"),
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
