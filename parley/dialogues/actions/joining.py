"""Writes of invitations and joining: invitations made and revoked, joining by one, return links and
passphrases."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.dialogues import access
from parley.dialogues.access import ActionError
from parley.dialogues.actions.dialogues import MAX_INVITE_DAYS, MAX_INVITE_USES, _invite_entry, _record_joined
from parley.dialogues.models import (
    Dialogue,
    Invite,
    Membership,
    Side,
)
from parley.dialogues.validation import (
    clean_handle,
    clean_language,
    handle_key,
    hash_token,
    new_token,
    pseudonym_taken,
)
from parley.lang import normalise_text
from parley.ledger import log
from parley.record.entries import INVITE_CREATED, INVITE_REVOKED

# --- invitations and joining -----------------------------------------------------------------


@transaction.atomic
def do_create_invite(
    member: Membership,
    *,
    side_id: object,
    role: str = Membership.Role.PARTICIPANT,
    max_uses: object = 1,
    expires_in_days: object = 14,
    note: str = "",
    awaiting_approval: bool = False,
) -> tuple[Invite, str]:
    """Create an invitation link; return it with its secret token, which is not stored.

    AWAITING_APPROVAL: an invitation proposed to the other side, usable once they approve it.
    """
    try:
        side = Side.objects.get(pk=int(str(side_id)), dialogue_id=member.dialogue_id)
    except (ValueError, Side.DoesNotExist):
        raise ActionError(_("That side is not part of this dialogue."), field="side") from None
    if role not in Membership.Role.values:
        raise ActionError(_("Choose a role."), field="role")
    access.check_can_invite(member, side, role, approved_later=awaiting_approval)
    try:
        uses, days = int(str(max_uses)), int(str(expires_in_days))
    except ValueError:
        raise ActionError(_("Uses and days must be whole numbers.")) from None
    if not 1 <= uses <= MAX_INVITE_USES:
        raise ActionError(_("An invitation can be used 1 to %(max)d times.") % {"max": MAX_INVITE_USES}, "max_uses")
    if not 1 <= days <= MAX_INVITE_DAYS:
        raise ActionError(_("An invitation lasts 1 to %(max)d days.") % {"max": MAX_INVITE_DAYS}, "expires_in_days")
    if role == Membership.Role.COCHAIR:
        uses = 1
    token, token_hash = new_token()
    invite = Invite.objects.create(
        dialogue_id=member.dialogue_id,
        side=side,
        role=role,
        token_hash=token_hash,
        note=normalise_text(note)[:100],
        created_by=member,
        expires_at=timezone.now() + timedelta(days=days),
        max_uses=uses,
        awaiting_approval=awaiting_approval,
    )
    log.append(invite.dialogue_id, INVITE_CREATED, _invite_entry(invite, token_hash), actor=member)
    return invite, token


@transaction.atomic
def do_revoke_invite(member: Membership, invite_id: object) -> Invite:
    try:
        pk = int(str(invite_id))
    except ValueError:
        raise ActionError(_("There is no such invitation.")) from None
    invite = access.access_invite(member, pk)
    if invite.revoked_at is None:
        invite.revoked_at = timezone.now()
        invite.save(update_fields=["revoked_at"])
        log.append(invite.dialogue_id, INVITE_REVOKED, {"invite": invite.pk}, actor=member)
    return invite


def find_invite(token: str) -> Invite:
    """Return the usable invitation for TOKEN, or raise an error that says why it is not usable."""
    invite = Invite.objects.filter(token_hash=hash_token(token)).select_related("dialogue", "side").first()
    if invite is None:
        raise ActionError(_("This invitation link is not valid. Check that you copied all of it."))
    if invite.revoked_at is not None:
        raise ActionError(_("This invitation has been withdrawn. Ask for a new one."))
    if invite.awaiting_approval:
        raise ActionError(_("This invitation works once the other side's co-chair approves it. Try again later."))
    if invite.is_expired:
        raise ActionError(_("This invitation has expired. Ask for a new one."))
    if invite.is_used_up:
        raise ActionError(_("This invitation has already been used as many times as allowed. Ask for a new one."))
    if invite.dialogue.status == Dialogue.Status.CLOSED:
        raise ActionError(_("This dialogue is closed and takes no new members."))
    return invite


def needs_account(invite: Invite) -> bool:
    """Organizers, moderators and co-chairs act under an account; participants do not."""
    return invite.role in (
        Membership.Role.ORGANIZER,
        Membership.Role.MODERATOR,
        Membership.Role.COCHAIR,
        Membership.Role.DEPUTY,
    )


@transaction.atomic
def do_join(token: str, *, handle: object, language: object, user: Any = None) -> tuple[Membership, str]:
    """Use an invitation: create the membership; return it with a personal return-link token."""
    invite = find_invite(token)
    invite = Invite.objects.select_for_update().get(pk=invite.pk)
    # Re-check under the row lock, so two people cannot take the last use at once.
    if not invite.is_usable:
        raise ActionError(_("This invitation has already been used as many times as allowed. Ask for a new one."))
    handle = clean_handle(handle)
    language = clean_language(language)
    access.check_not_site_administrator(user)
    if needs_account(invite):
        if user is None or not user.is_authenticated:
            raise ActionError(_("This invitation is for a role that needs an account. Log in or create one."))
        if Membership.objects.filter(dialogue_id=invite.dialogue_id, user=user).exists():
            raise ActionError(_("Your account is already a member of this dialogue."))
        if (
            invite.role == Membership.Role.COCHAIR
            and invite.side.memberships.filter(role=Membership.Role.COCHAIR).exists()
        ):
            raise ActionError(_("This side already has a co-chair."))
        if invite.role == Membership.Role.DEPUTY and invite.side.memberships.filter(role=invite.role).exists():
            raise ActionError(_("This side already has a deputy co-chair."))
    else:
        # Participants are pseudonymous: never tie their membership to an account.
        user = None
    if pseudonym_taken(invite.dialogue_id, handle):
        raise ActionError(
            _("Someone in this dialogue already uses this pseudonym, or one that looks like it. Choose another."),
            "handle",
        )
    token, token_hash = new_token()
    try:
        # A savepoint: a clash (pseudonym taken, or the side's co-chair seat taken a moment ago by
        # someone using another invitation) leaves the outer transaction usable for a clear error.
        with transaction.atomic():
            member = Membership.objects.create(
                dialogue_id=invite.dialogue_id,
                side=invite.side,
                handle=handle,
                handle_key=handle_key(handle),
                role=invite.role,
                user=user,
                language=language,
                return_token_hash=token_hash,
                invite=invite,
            )
    except IntegrityError:
        if invite.role == Membership.Role.COCHAIR:
            raise ActionError(_("This side already has a co-chair.")) from None
        if invite.role == Membership.Role.DEPUTY:
            raise ActionError(_("This side already has a deputy co-chair.")) from None
        raise ActionError(
            _("Someone in this dialogue already uses this pseudonym. Choose another."), "handle"
        ) from None
    invite.uses += 1
    invite.save(update_fields=["uses"])
    _record_joined(member)
    return member, token


@transaction.atomic
def do_new_return_link(member: Membership) -> str:
    """Issue a new personal return-link token; the previous one stops working."""
    token, token_hash = new_token()
    Membership.objects.filter(pk=member.pk).update(return_token_hash=token_hash)
    return token


def find_member_by_return_token(dialogue: Dialogue, token: str) -> Membership:
    member = Membership.objects.filter(
        dialogue=dialogue, return_token_hash=hash_token(token), user__isnull=True
    ).first()
    if member is None or not token:
        raise ActionError(_("This return link is not valid, or a newer one replaced it."))
    return member


@transaction.atomic
def do_set_passphrase(member: Membership, passphrase: object) -> None:
    if member.user_id is not None:
        raise ActionError(_("You log in with your account's password instead."))
    if not isinstance(passphrase, str) or len(passphrase) < 8:
        raise ActionError(_("A passphrase has at least 8 characters."), field="passphrase")
    if len(passphrase) > 200:
        raise ActionError(_("A passphrase has at most 200 characters."), field="passphrase")
    Membership.objects.filter(pk=member.pk).update(passphrase_hash=make_password(passphrase))


def check_passphrase(dialogue: Dialogue, handle: object, passphrase: object) -> Membership:
    """Return the participant with HANDLE if PASSPHRASE is theirs; one message for every failure."""
    failure = ActionError(_("That pseudonym and passphrase do not match."))
    if not isinstance(handle, str) or not isinstance(passphrase, str):
        raise failure
    member = access.participant_by_handle(dialogue, normalise_text(handle))
    if member is None or not member.passphrase_hash:
        make_password(passphrase)  # spend the same time as a real check
        raise failure
    if not check_password(passphrase, member.passphrase_hash):
        raise failure
    return member
