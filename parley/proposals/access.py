"""Who may propose, approve, reject and withdraw: every permission rule for proposals, in one place."""

from __future__ import annotations

from django.utils.translation import gettext as _

from parley.dialogues.access import require_member, side_without_cochair
from parley.dialogues.models import Membership
from parley.errors import ActionError, NotAllowed, NotFound
from parley.proposals.models import Proposal


def check_can_propose(member: Membership | None, proposers: frozenset[str]) -> Membership:
    """A member whose role may make this kind of proposal, in a dialogue where both sides can answer."""
    member = require_member(member)
    if member.role not in proposers:
        raise NotAllowed(_("Your role cannot make this proposal."))
    if side_without_cochair(member.dialogue) is not None:
        raise ActionError(_("Both sides need a co-chair before anything can be proposed."))
    return member


def access_proposal(member: Membership | None, proposal_id: object) -> Proposal:
    """A proposal of the member's dialogue, locked for the decision about to be made."""
    member = require_member(member)
    try:
        pk = int(str(proposal_id))
    except ValueError:
        raise NotFound(_("There is no such proposal.")) from None
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .filter(pk=pk, dialogue_id=member.dialogue_id)
        .select_related("side", "proposed_by")
        .first()
    )
    if proposal is None:
        raise NotFound(_("There is no such proposal."))
    return proposal


def check_can_decide(member: Membership, proposal: Proposal) -> None:
    """Approving or rejecting: the other side's co-chair or deputy, never the proposing side."""
    if member.side_id == proposal.side_id:
        raise NotAllowed(_("Only the other side can approve or reject your side's proposal."))
    if not member.leads_side:
        raise NotAllowed(_("Only the other side's co-chair or deputy can approve or reject this."))


def check_can_withdraw(member: Membership, proposal: Proposal) -> None:
    """Withdrawing: whoever made it, or their side's co-chair or deputy."""
    if member.side_id != proposal.side_id or not (member.pk == proposal.proposed_by_id or member.leads_side):
        raise NotAllowed(_("Only the side that made a proposal can withdraw it."))
