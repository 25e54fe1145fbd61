"""Who adds seed statements in bulk: a side's co-chair or organizer, whose statements are its seeds."""

from __future__ import annotations

from django.utils.translation import gettext as _

from parley.dialogues.access import check_can_take_part, require_member
from parley.dialogues.models import Membership
from parley.errors import NotAllowed

SEED_ROLES = (Membership.Role.COCHAIR, Membership.Role.ORGANIZER)


def check_can_see_seed_upload(member: Membership | None) -> Membership:
    """The upload page and its template: co-chairs and organizers, each for their own side."""
    member = require_member(member)
    if member.role not in SEED_ROLES:
        raise NotAllowed(_("Only co-chairs and organizers add seed statements."))
    return member


def check_can_add_seeds(member: Membership | None) -> Membership:
    """Adding them: the same people, in an open dialogue (as for writing one statement)."""
    return check_can_take_part(check_can_see_seed_upload(member))
