"""The kinds of proposal that change who takes part: a member's role (appoint or remove a co-chair,
deputy, organizer or moderator), and invitations to privileged roles and observers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parley.checkpoints.models import SigningKey
from parley.dialogues.access import ActionError
from parley.dialogues.models import Dialogue, Invite, Membership, Side
from parley.ledger import log
from parley.proposals.kinds import APPOINTABLE, LEADS, Kind, Role, pk_of, register
from parley.proposals.models import Proposal
from parley.record.entries import INVITE_APPROVED, INVITE_REVOKED, MEMBERSHIP_ROLE_CHANGED

# --- roles ---------------------------------------------------------------------------------------

# Every role a proposal can appoint (APPOINTABLE, in `kinds`) needs an account.
NEEDS_ACCOUNT = set(APPOINTABLE)


def _clean_role(member: Membership, data: Mapping[str, Any]) -> dict[str, Any]:
    target_id = pk_of(data, "member", _("Choose a member of your side."))
    target = Membership.objects.filter(pk=target_id, dialogue_id=member.dialogue_id).first()
    if target is None or target.side_id != member.side_id:
        raise ActionError(_("Choose a member of your side."), field="member")
    role = data.get("role")
    if role not in [*APPOINTABLE, Role.PARTICIPANT.value]:
        raise ActionError(_("Choose a role."), field="role")
    if role == target.role:
        raise ActionError(_("This member already has this role."), field="role")
    if target.role == Role.OBSERVER:
        raise ActionError(_("Observers keep their role; invite them anew for another one."), field="member")
    if target.role == Role.COCHAIR:
        raise ActionError(
            _("A side always has a co-chair: appoint a new one, and the present one becomes an organizer."),
            field="member",
        )
    if role in NEEDS_ACCOUNT and target.user_id is None:
        raise ActionError(
            _("This member has no account. Invite them for this role instead (invitation proposal)."), field="member"
        )
    return {"member": target.pk, "handle": target.handle, "role": role, "from": target.role}


def _apply_role(proposal: Proposal, approver: Membership) -> None:
    payload = proposal.payload
    # Role changes of one side wait for each other, so two appointments approved at once cannot
    # both find the seat free.
    Side.objects.select_for_update().get(pk=proposal.side_id)
    target = Membership.objects.select_for_update(of=("self",)).select_related("side").get(pk=payload["member"])
    if target.role != payload["from"]:
        raise ActionError(_("This member's role changed since this was proposed."))
    role = payload["role"]
    if role in (Role.COCHAIR, Role.DEPUTY):
        # One co-chair and one deputy per side: the present holder steps down to organizer.
        for holder in Membership.objects.select_for_update().filter(side_id=target.side_id, role=role):
            _set_role(holder, Role.ORGANIZER.value, proposal, approver)
    _set_role(target, role, proposal, approver)


def _set_role(member: Membership, role: str, proposal: Proposal, approver: Membership) -> None:
    previous = member.role
    member.role = role
    member.save(update_fields=["role"])
    if previous == Role.COCHAIR and role != Role.COCHAIR:
        # The record retires their key here (parley.record.replay), so it must not sign again, even
        # if they are appointed co-chair once more: then they register a new one.
        SigningKey.objects.filter(membership=member, revoked_at__isnull=True).update(revoked_at=timezone.now())
    log.append(
        member.dialogue_id,
        MEMBERSHIP_ROLE_CHANGED,
        {
            "member": member.pk,
            "handle": log.Private(member.handle),
            "side": member.side.label,
            "role": role,
            "from": previous,
            "proposal": proposal.pk,
        },
        actor=approver,
    )


def _describe_role(payload: Mapping[str, Any], dialogue: Dialogue) -> str:
    role = Role(payload["role"]).label
    if payload["role"] == Role.PARTICIPANT:
        return _("Remove %(handle)s's role (%(old)s)") % {
            "handle": payload["handle"],
            "old": Role(payload["from"]).label,
        }
    return _("Appoint %(handle)s as %(role)s") % {"handle": payload["handle"], "role": role}


register(
    Kind(
        "role",
        gettext_lazy("Appoint or remove a co-chair, deputy, organizer or moderator"),
        LEADS,
        _clean_role,
        _apply_role,
        _describe_role,
    )
)


# --- invitations to privileged roles and observers -----------------------------------------------------


def _clean_invite(member: Membership, data: Mapping[str, Any]) -> dict[str, Any]:
    from parley.dialogues.access import APPROVED_INVITE_ROLES

    role = data.get("role")
    if role not in APPROVED_INVITE_ROLES:
        raise ActionError(_("Choose a role."), field="role")
    note = data.get("note", "")
    return {"role": role, "note": note if isinstance(note, str) else "", "days": data.get("expires_in_days", 14)}


def _prepare_invite(member: Membership, payload: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    from parley.dialogues.actions import do_create_invite

    invite, token = do_create_invite(
        member,
        side_id=member.side_id,
        role=payload["role"],
        expires_in_days=payload.pop("days"),
        note=payload["note"],
        awaiting_approval=True,
    )
    payload.update(invite=invite.pk, side=member.side.label, note=invite.note)
    return payload, token


def _apply_invite(proposal: Proposal, approver: Membership) -> None:
    invite = Invite.objects.select_for_update().get(pk=proposal.payload["invite"])
    if invite.revoked_at is not None:
        raise ActionError(_("This invitation was withdrawn in the meantime."))
    if invite.is_expired:
        raise ActionError(_("This invitation has expired in the meantime: propose a new one."))
    invite.awaiting_approval = False
    invite.save(update_fields=["awaiting_approval"])
    log.append(invite.dialogue_id, INVITE_APPROVED, {"invite": invite.pk, "proposal": proposal.pk}, actor=approver)


def _drop_invite(proposal: Proposal) -> None:
    if Invite.objects.filter(pk=proposal.payload["invite"], revoked_at__isnull=True).update(revoked_at=timezone.now()):
        log.append(
            proposal.dialogue_id, INVITE_REVOKED, {"invite": proposal.payload["invite"], "proposal": proposal.pk}
        )


def _describe_invite(payload: Mapping[str, Any], dialogue: Dialogue) -> str:
    text = _("Invite a new %(role)s") % {"role": Role(payload["role"]).label}
    return f"{text} ({payload['note']})" if payload.get("note") else text


register(
    Kind(
        "invite",
        gettext_lazy("Invite an organizer, moderator, deputy or observer"),
        LEADS,
        _clean_invite,
        _apply_invite,
        _describe_invite,
        prepare=_prepare_invite,
        dropped=_drop_invite,
    )
)
