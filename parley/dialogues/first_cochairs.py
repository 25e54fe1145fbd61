"""What the site administrator sees of the dialogues they created: each side's first co-chair's
invitation (sent, expired, withdrawn, or taken up), as plain dicts."""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from parley.dialogues.models import Dialogue, Invite, Membership, pick_language_code


def side_states(dialogue: Dialogue, language: str) -> list[dict[str, Any]]:
    """Each side's first co-chair: whether they joined, else the state of the latest link."""
    invites = Invite.objects.filter(dialogue=dialogue, role=Membership.Role.COCHAIR, created_by__isnull=True)
    latest: dict[int, Invite] = {}
    for made in invites.order_by("created_at", "id"):
        latest[made.side_id] = made
    chaired = set(
        Membership.objects.filter(dialogue=dialogue, role=Membership.Role.COCHAIR).values_list("side_id", flat=True)
    )
    states = []
    for side in dialogue.ordered_sides():
        invite = latest.get(side.pk)
        if side.pk in chaired:
            state, text = "joined", _("The co-chair has joined.")
        elif invite is None:
            state, text = "none", _("No link yet.")
        elif invite.revoked_at is not None:
            state, text = "withdrawn", _("The link was withdrawn.")
        elif invite.is_used_up:
            state, text = "used", _("The link was used; the side has no co-chair now.")
        elif invite.is_expired:
            state = "expired"
            text = _("The link expired on %(date)s.") % {"date": formats.date_format(invite.expires_at)}
        else:
            state = "sent"
            text = _("The link works until %(date)s.") % {"date": formats.date_format(invite.expires_at)}
        states.append(
            {
                "id": side.pk,
                "name": side.name_text(language),
                "name_lang": pick_language_code(side.name, language) or language,
                "state": state,
                "text": text,
                "can_reissue": dialogue.status == Dialogue.Status.DRAFT and side.pk not in chaired,
            }
        )
    return states


def created_dialogues(language: str) -> list[dict[str, Any]]:
    """The dialogues the site administrator created, newest first, with their first co-chairs."""
    dialogues = Dialogue.objects.filter(
        invites__role=Membership.Role.COCHAIR, invites__created_by__isnull=True
    ).distinct()
    return [
        {
            "slug": d.slug,
            "title": d.title_text(language),
            "title_lang": pick_language_code(d.title, language) or language,
            "status": d.status,
            "status_label": str(Dialogue.Status(d.status).label),
            "sides": side_states(d, language),
        }
        for d in dialogues.prefetch_related("sides").order_by("-created_at", "-id")
    ]
