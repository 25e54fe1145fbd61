"""Who sees a "where I stand" page: the participant themself, and nobody else."""

from __future__ import annotations

from django.utils.translation import gettext as _

from parley.dialogues.models import Membership
from parley.errors import NotFound


def check_own_stand(member: Membership | None) -> Membership:
    """The page is about the member this browser acts as; to anyone else (the public, an observer, who
    casts no votes) there is no such page, rather than a page that says whose it would be."""
    if member is None or not member.can_take_part:
        raise NotFound(_("There is no such page."))
    return member
