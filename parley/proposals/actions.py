"""The life of a proposal: made by one side, approved or rejected by the other, or withdrawn, or expired.

Each step is one transaction with its record entry. What a proposal changes is its kind's business
(`parley.proposals.kinds`); this module is the same for every kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.dialogues.access import ActionError, require_member
from parley.dialogues.models import Membership
from parley.dialogues.validation import clean_reason
from parley.ledger import log
from parley.proposals import access
from parley.proposals.kinds import get_kind
from parley.proposals.models import Proposal
from parley.record.entries import (
    PROPOSAL_APPROVED,
    PROPOSAL_EXPIRED,
    PROPOSAL_MADE,
    PROPOSAL_REJECTED,
    PROPOSAL_WITHDRAWN,
)

DEFAULT_DAYS = 7
# Free text in a proposal's payload, sealed in the record (`log.Private`) so that it can be withdrawn.
PRIVATE_FIELDS = frozenset({"reason", "handle", "note"})
MAX_DAYS = 30

# Work that falls due with time (expired proposals, holds past their limit), run by `do_settle`.
SETTLERS: list[Callable[[int], None]] = []
# Finders of the dialogues where a settler has work due (holds past their limit), for `settle_everything`.
DUE: list[Callable[[], set[int]]] = []


@dataclass(frozen=True)
class Proposed:
    proposal: Proposal
    # What only the proposer sees, once: the link of an invitation proposal.
    extra: Any = None


@transaction.atomic
def do_propose(
    member: Membership, kind_name: object, data: Mapping[str, Any], *, days: object = DEFAULT_DAYS
) -> Proposed:
    """Propose a change for the other side to approve; it does nothing until then."""
    kind = get_kind(kind_name)
    member = access.check_can_propose(member, kind.proposers)
    _expire_due(member.dialogue_id)
    try:
        lifetime = int(str(days))
    except ValueError:
        raise ActionError(_("Days must be a whole number."), field="days") from None
    if not 1 <= lifetime <= MAX_DAYS:
        raise ActionError(_("A proposal stays open 1 to %(max)d days.") % {"max": MAX_DAYS}, field="days")
    payload = kind.clean(member, data)
    extra = None
    if kind.prepare is not None:
        payload, extra = kind.prepare(member, payload)
    now = timezone.now()
    proposal = Proposal.objects.create(
        dialogue_id=member.dialogue_id,
        kind=kind.name,
        payload=payload,
        side_id=member.side_id,
        proposed_by=member,
        created_at=now,
        expires_at=now + timedelta(days=lifetime),
    )
    log.append(
        member.dialogue_id,
        PROPOSAL_MADE,
        {
            "proposal": proposal.pk,
            "kind": kind.name,
            "payload": {
                k: log.Private(v) if k in PRIVATE_FIELDS and isinstance(v, str) else v for k, v in payload.items()
            },
            "side": member.side.label,
            "expires_at": log.record_time(proposal.expires_at),
        },
        actor=member,
    )
    return Proposed(proposal, extra)


def do_approve_proposal(member: Membership, proposal_id: object) -> Proposal:
    """Approve the other side's proposal: its change takes effect now, in this transaction."""
    return _answer(member, proposal_id, _approve)


def do_reject_proposal(member: Membership, proposal_id: object, reason: object) -> Proposal:
    """Reject the other side's proposal, saying why."""
    return _answer(member, proposal_id, lambda m, p: _drop(m, p, Proposal.State.REJECTED, reason))


def do_withdraw_proposal(member: Membership, proposal_id: object) -> Proposal:
    """Withdraw one's own side's proposal before the other side answers."""
    return _answer(member, proposal_id, lambda m, p: _drop(m, p, Proposal.State.WITHDRAWN))


def _answer(member: Membership | None, proposal_id: object, step: Callable[[Membership, Proposal], None]) -> Proposal:
    member = require_member(member)
    # Expiry first, in its own transaction, so that it is recorded even when this answer fails.
    do_settle(member.dialogue_id)
    with transaction.atomic():
        proposal = _open_proposal(member, proposal_id)
        step(member, proposal)
        return proposal


def _approve(member: Membership, proposal: Proposal) -> None:
    access.check_can_decide(member, proposal)
    kind = get_kind(proposal.kind)
    if kind.lock is not None:
        kind.lock(proposal)
    _close(proposal, Proposal.State.APPROVED, member)
    kind.apply(proposal, member)


def _drop(member: Membership, proposal: Proposal, state: str, reason: object = None) -> None:
    """Reject (the other side, with a reason) or withdraw (the proposing side) a proposal."""
    if state == Proposal.State.REJECTED:
        access.check_can_decide(member, proposal)
        _close(proposal, state, member, clean_reason(reason))
    else:
        access.check_can_withdraw(member, proposal)
        _close(proposal, state, member)


@transaction.atomic
def do_settle(dialogue_id: int) -> None:
    """Carry out what has fallen due: expire proposals past their time, and each settler's work."""
    _expire_due(dialogue_id)
    for settle in SETTLERS:
        settle(dialogue_id)


def settle_everything() -> int:
    """Settle every dialogue that has something due; return how many (run by `parley worker`)."""
    due = set(
        Proposal.objects.filter(state=Proposal.State.PENDING, expires_at__lte=timezone.now()).values_list(
            "dialogue_id", flat=True
        )
    )
    for find in DUE:
        due |= find()
    for dialogue_id in sorted(due):
        do_settle(dialogue_id)
    return len(due)


def _open_proposal(member: Membership | None, proposal_id: object) -> Proposal:
    """The proposal, locked, still waiting for an answer; one whose time is up cannot be answered."""
    member = require_member(member)
    proposal = access.access_proposal(member, proposal_id)
    if proposal.is_pending and proposal.expires_at <= timezone.now():
        raise ActionError(_("This proposal is no longer open: it expired."))
    if not proposal.is_pending:
        raise ActionError(
            _("This proposal is no longer open: it was %(state)s.") % {"state": proposal.get_state_display().lower()}
        )
    return proposal


# The entry that ends a proposal in each state.
CLOSED_ENTRY: dict[str, str] = {
    Proposal.State.APPROVED: PROPOSAL_APPROVED,
    Proposal.State.REJECTED: PROPOSAL_REJECTED,
    Proposal.State.WITHDRAWN: PROPOSAL_WITHDRAWN,
    Proposal.State.EXPIRED: PROPOSAL_EXPIRED,
}


def _close(proposal: Proposal, state: str, member: Membership | None, reason: str = "") -> None:
    """End a proposal in STATE, append its `proposal.<state>` entry, and undo what a dropped one prepared."""
    proposal.state, proposal.reason = state, reason
    proposal.decided_by = member
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["state", "reason", "decided_by", "decided_at"])
    payload: dict[str, Any] = {"proposal": proposal.pk, "kind": proposal.kind}
    if reason:
        payload["reason"] = log.Private(reason)
    log.append(proposal.dialogue_id, CLOSED_ENTRY[state], payload, actor=member)
    kind = get_kind(proposal.kind)
    if state != Proposal.State.APPROVED and kind.dropped is not None:
        kind.dropped(proposal)


def _expire_due(dialogue_id: int) -> None:
    due = Proposal.objects.select_for_update().filter(
        dialogue_id=dialogue_id, state=Proposal.State.PENDING, expires_at__lte=timezone.now()
    )
    for proposal in due.order_by("expires_at", "id"):
        _close(proposal, Proposal.State.EXPIRED, None)
