"""Who may draft, amend, answer, vote on and sign joint statements: every rule for them, in one place."""

from __future__ import annotations

from django.utils.translation import gettext as _

from parley.dialogues.access import require_member
from parley.dialogues.models import Dialogue, Membership
from parley.errors import ActionError, NotAllowed, NotFound
from parley.joint.models import Amendment, JointStatement

AMENDERS = frozenset({Membership.Role.COCHAIR, Membership.Role.DEPUTY, Membership.Role.ORGANIZER})


def find_joint(dialogue: Dialogue, joint_id: object, *, lock: bool = False) -> JointStatement:
    """A joint statement of DIALOGUE (anyone may read it: its every step is in the public record)."""
    try:
        pk = int(str(joint_id))
    except ValueError:
        raise NotFound(_("There is no such joint statement.")) from None
    rows = JointStatement.objects.select_for_update() if lock else JointStatement.objects
    joint = rows.filter(pk=pk, dialogue=dialogue).first()
    if joint is None:
        raise NotFound(_("There is no such joint statement."))
    return joint


def check_can_draft(member: Membership | None) -> Membership:
    """Starting a draft: a side's co-chair or deputy."""
    member = require_member(member)
    if not member.leads_side:
        raise NotAllowed(_("Only a co-chair or deputy can start a joint statement."))
    return member


def access_draft(member: Membership, joint_id: object) -> JointStatement:
    """A joint statement still being drafted, locked for the change about to be made."""
    joint = find_joint(member.dialogue, joint_id, lock=True)
    if joint.state != JointStatement.State.DRAFT:
        raise ActionError(_("This joint statement is final: its text can no longer change."))
    return joint


def check_can_amend(member: Membership | None) -> Membership:
    """Proposing an amendment: a co-chair, deputy or organizer of either side."""
    member = require_member(member)
    if member.role not in AMENDERS:
        raise NotAllowed(_("Only co-chairs, deputies and organizers can propose amendments."))
    return member


def access_amendment(member: Membership, joint: JointStatement, amendment_id: object) -> Amendment:
    try:
        pk = int(str(amendment_id))
    except ValueError:
        raise NotFound(_("There is no such amendment.")) from None
    amendment = Amendment.objects.select_for_update().filter(pk=pk, joint=joint).first()
    if amendment is None:
        raise NotFound(_("There is no such amendment."))
    if amendment.state != Amendment.State.PENDING:
        raise ActionError(
            _("This amendment is no longer open: it was %(state)s.") % {"state": amendment.get_state_display().lower()}
        )
    return amendment


def check_can_answer(member: Membership, amendment: Amendment) -> None:
    """Accepting or rejecting: the other side's co-chair or deputy, never the proposing side."""
    if member.side_id == amendment.side_id:
        raise NotAllowed(_("Only the other side can accept or reject your side's amendment."))
    if not member.leads_side:
        raise NotAllowed(_("Only the other side's co-chair or deputy can accept or reject this."))


def check_can_withdraw(member: Membership, amendment: Amendment) -> None:
    """Withdrawing: whoever proposed it, or their side's co-chair or deputy."""
    if member.side_id != amendment.side_id or not (member.pk == amendment.proposed_by_id or member.leads_side):
        raise NotAllowed(_("Only the side that proposed an amendment can withdraw it."))


def check_can_vote(member: Membership | None, joint: JointStatement) -> Membership:
    """Voting on a final text: a member who takes part, while the statement asks for votes."""
    member = require_member(member)
    if not member.can_take_part:
        raise NotAllowed(_("Observers can read this joint statement but not vote on it."))
    if joint.state != JointStatement.State.FINAL or not joint.participant_vote:
        raise ActionError(_("This joint statement is not open for votes."))
    return member


def check_can_sign(member: Membership | None) -> Membership:
    """Signing: a side's co-chair, with their own key (a deputy does not sign)."""
    member = require_member(member)
    if not member.is_cochair:
        raise NotAllowed(_("Only a co-chair signs a joint statement."))
    return member


def check_ratified(joint: JointStatement) -> JointStatement:
    """A joint statement both co-chairs signed: only those have a press PDF."""
    if joint.state != JointStatement.State.RATIFIED:
        raise NotFound(_("This joint statement is not ratified yet: it has a PDF once both co-chairs have signed it."))
    return joint
