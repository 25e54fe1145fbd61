"""Who may set up which notifications: every rule of notifications, in one place."""

from __future__ import annotations

from django.utils.translation import gettext as _

from parley.dialogues.access import require_member
from parley.dialogues.models import Membership
from parley.errors import NotAllowed

EMAIL_ROLES = frozenset({Membership.Role.COCHAIR, Membership.Role.DEPUTY, Membership.Role.MODERATOR})


def check_can_get_email(member: Membership | None) -> Membership:
    """E-mail: co-chairs, deputies and moderators, who have accounts (participants get none)."""
    member = require_member(member)
    if member.role not in EMAIL_ROLES or member.user_id is None:
        raise NotAllowed(_("Only co-chairs, deputies and moderators can get e-mail from Parley."))
    return member


def check_can_manage_webhook(member: Membership | None) -> Membership:
    """A side's webhook: its co-chair."""
    member = require_member(member)
    if not member.is_cochair:
        raise NotAllowed(_("Only a side's co-chair can set its webhook."))
    return member


def check_can_follow_statements(member: Membership | None) -> Membership:
    """New statements to vote on: anyone who votes."""
    member = require_member(member)
    if not member.can_take_part:
        raise NotAllowed(_("Observers can read this dialogue but not vote or write."))
    return member
