"""What the governance pages show: proposals, the glossary and the published reports, as plain dicts."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from parley.dialogues.language_check import written_language
from parley.dialogues.models import Dialogue, Membership
from parley.governance.kinds import KINDS
from parley.governance.models import Proposal, Report


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
    from parley.governance.glossary_queries import glossary as entries

    return entries(dialogue, language)


def reports(dialogue: Dialogue) -> list[dict[str, Any]]:
    return [
        {
            "run": report.run_id,
            "votes": report.run.n_votes,
            "participants": report.run.n_participants,
            "computed_at": (report.run.finished_at or report.run.created_at).isoformat(),
            "published_at": report.published_at.isoformat(),
        }
        for report in Report.objects.filter(dialogue=dialogue).select_related("run")
    ]


def proposable_kinds(member: Membership | None) -> list[dict[str, str]]:
    """The kinds of proposal MEMBER's role may make, in registration order."""
    if member is None:
        return []
    return [{"name": k.name, "label": str(k.label)} for k in KINDS.values() if member.role in k.proposers]
