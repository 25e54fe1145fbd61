"""What the proposals pages show: proposals, the glossary and the published reports, as plain dicts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from parley.dialogues.language_check import written_language
from parley.dialogues.models import Dialogue, Membership
from parley.proposals.kinds import KINDS
from parley.proposals.models import Proposal, Report

# What other apps' proposal forms offer (statements to remove, blocklist terms): functions of the
# dialogue returning template context, registered by those apps (`moderation.queries`, `joint.queries`).
FORM_CHOICES: list[Callable[[Dialogue], dict[str, Any]]] = []


def proposal_dict(proposal: Proposal, member: Membership | None, language: str) -> dict[str, Any]:
    kind = KINDS.get(proposal.kind)
    dialogue = proposal.dialogue
    pending = proposal.is_pending and proposal.expires_at > timezone.now()
    mine = member is not None and member.side_id == proposal.side_id
    return {
        "id": proposal.pk,
        "kind": proposal.kind,
        "kind_label": str(kind.label) if kind else proposal.kind,
        "summary": kind.describe(proposal.payload, dialogue) if kind else proposal.kind,
        "payload": proposal.payload,
        "side": proposal.side.label,
        "side_name": proposal.side.name_text(language),
        "side_position": proposal.side.position,
        "proposed_by": proposal.proposed_by.handle,
        "state": proposal.state if not (proposal.is_pending and not pending) else Proposal.State.EXPIRED.value,
        "state_label": str(Proposal.State(proposal.state).label),
        "reason": proposal.reason,
        "reason_lang": written_language(proposal.reason, proposal.decided_by.language if proposal.decided_by else ""),
        "created_at": proposal.created_at.isoformat(),
        "expires_at": proposal.expires_at.isoformat(),
        "decided_by": proposal.decided_by.handle if proposal.decided_by else None,
        "decided_at": proposal.decided_at.isoformat() if proposal.decided_at else None,
        "pending": pending,
        "warnings": kind.warnings(proposal.payload, dialogue) if pending and kind and kind.warnings else [],
        "mine": mine,
        "can_decide": bool(pending and member is not None and not mine and member.leads_side),
        "can_withdraw": bool(
            pending and member is not None and mine and (member.pk == proposal.proposed_by_id or member.leads_side)
        ),
    }


def proposals(dialogue: Dialogue, member: Membership | None, language: str) -> dict[str, list[dict[str, Any]]]:
    rows = (
        Proposal.objects.filter(dialogue=dialogue)
        .select_related("side", "proposed_by", "decided_by", "dialogue")
        .order_by("-created_at", "-id")
    )
    found = [proposal_dict(p, member, language) for p in rows]
    return {
        "pending": [p for p in found if p["pending"]],
        "decided": [p for p in found if not p["pending"]],
    }


def glossary(dialogue: Dialogue, language: str) -> list[dict[str, Any]]:
    from parley.proposals.glossary_queries import glossary as entries

    return entries(dialogue, language)


def reports(dialogue: Dialogue) -> list[dict[str, Any]]:
    return [
        {
            "id": report.pk,
            "run": report.run_id,
            "votes": report.run.n_votes,
            "participants": report.run.n_participants,
            "computed_at": (report.run.finished_at or report.run.created_at).isoformat(),
            "published_at": report.published_at.isoformat(),
        }
        for report in Report.objects.filter(dialogue=dialogue).select_related("run")
    ]


def proposals_blocked(dialogue: Dialogue) -> str:
    """Why nothing can be proposed in DIALOGUE yet ("" when proposals can be made)."""
    from parley.dialogues.access import side_without_cochair

    missing = side_without_cochair(dialogue)
    if missing is None:
        return ""
    return _(
        "Nothing can be proposed yet: %(side)s has no co-chair to answer. Proposals, opening the dialogue "
        "included, become possible once both sides have a co-chair."
    ) % {"side": missing.name_text()}


def _kind_unavailable(name: str, member: Membership) -> str:
    """Why a proposal of kind NAME by MEMBER cannot succeed now ("" when it can)."""
    from parley.analysis.models import AnalysisRun
    from parley.dialogues.models import Statement

    dialogue = member.dialogue
    if (
        name == "role"
        and not Membership.objects.filter(side_id=member.side_id)
        .exclude(role__in=[Membership.Role.OBSERVER, Membership.Role.COCHAIR])
        .exists()
    ):
        return _("Your side has no one to appoint yet: invite them first.")
    if (
        name == "vote_visibility"
        and dialogue.vote_visibility == Dialogue.VoteVisibility.AGGREGATE
        and dialogue.memberships.filter(role=Membership.Role.PARTICIPANT).exists()
    ):
        return _(
            "Participants joined this dialogue under the promise that only vote totals are public, "
            "so its individual votes can no longer be made public."
        )
    if name == "report" and not AnalysisRun.objects.filter(dialogue=dialogue, status=AnalysisRun.Status.DONE).exists():
        return _("No finished analysis yet.")
    if name in ("remove_statement", "merge_statements"):
        count = Statement.objects.filter(dialogue=dialogue).exclude(status=Statement.Status.REMOVED).count()
        if name == "remove_statement" and not Statement.objects.filter(dialogue=dialogue).exists():
            return _("There are no statements yet.")
        if name == "merge_statements" and count < 2:
            return _("Merging needs at least two statements.")
    kind = KINDS.get(name)
    if kind is not None and kind.unavailable is not None:
        return kind.unavailable(member)
    return ""


def proposable_kinds(member: Membership | None) -> list[dict[str, str]]:
    """The kinds of proposal MEMBER's role may make, in registration order, each with why it cannot
    succeed yet ("why", empty when it can): the page offers forms only for those that can."""
    if member is None or proposals_blocked(member.dialogue):
        return []
    return [
        {"name": k.name, "label": str(k.label), "why": _kind_unavailable(k.name, member)}
        for k in KINDS.values()
        if member.role in k.proposers
    ]
