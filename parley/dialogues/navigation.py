"""What the dialogue menu and the header show to each role: the link lists live here, not in templates.

Each role sees the few links of its own work; every other page of the dialogue is one level down,
under "More" (a `<details>` that opens without JavaScript). On a 360 px phone in Armenian the
visible links fit on one line under the dialogue's title, so the vote buttons stay on the first screen.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from parley import sessions
from parley.dialogues.models import Membership, pick_language_code

# Every page of a dialogue's menu, by key: its URL name.
PAGES: dict[str, str] = {
    "vote": "dialogues:vote",
    "write": "dialogues:write",
    "my_votes": "dialogues:my_votes",
    "results": "dialogues:results",
    "proposals": "proposals:proposals",
    "glossary": "proposals:glossary",
    "joint": "joint:list",
    "meetings": "meetings:list",
    "moderation": "moderation:log",
    "queue": "moderation:queue",
    "translations": "translations:queue",
    "record": "publicrecord:record",
    "signing": "publicrecord:signing",
    "manage": "dialogues:manage",
}


def _labels() -> dict[str, str]:
    # Translated when the menu is built, in the reader's language.
    return {
        "vote": _("Vote"),
        "write": _("Write"),
        "my_votes": _("My votes"),
        "results": _("Results"),
        "proposals": _("Proposals"),
        "glossary": _("Glossary"),
        "joint": _("Joint statements"),
        "meetings": _("Meetings"),
        "moderation": _("Moderation"),
        "queue": _("Queue"),
        "translations": _("Translations"),
        "record": _("Record"),
        "signing": _("Signing"),
        "manage": _("Manage"),
    }


# The links shown at once, per role; the rest of what the role may open goes under "More".
PUBLIC_LINKS = ["results", "joint", "record"]
PRIMARY_LINKS: dict[str, list[str]] = {
    Membership.Role.PARTICIPANT: ["vote", "results", "my_votes"],
    Membership.Role.COCHAIR: ["manage", "proposals", "queue"],
    Membership.Role.DEPUTY: ["manage", "proposals", "queue"],
    Membership.Role.ORGANIZER: ["manage", "vote", "results"],
    Membership.Role.MODERATOR: ["queue", "vote", "results"],
    Membership.Role.OBSERVER: PUBLIC_LINKS,
}
# Everything in the order "More" lists it.
ORDER = [
    "vote",
    "write",
    "my_votes",
    "results",
    "joint",
    "meetings",
    "proposals",
    "manage",
    "queue",
    "translations",
    "signing",
    "moderation",
    "glossary",
    "record",
]


def _is_translator(member: Membership) -> bool:
    try:
        return bool(member.translator.is_active)  # type: ignore[attr-defined]
    except ObjectDoesNotExist:
        return False


def allowed_pages(member: Membership | None) -> set[str]:
    """Every page of the menu that MEMBER (None: the public) may open."""
    pages = {"results", "proposals", "glossary", "joint", "meetings", "moderation", "record"}
    if member is None:
        return pages
    if member.can_take_part:
        pages |= {"vote", "write", "my_votes"}
    if member.moderates:
        pages.add("queue")
    if member.moderates or member.can_invite or _is_translator(member):
        pages.add("translations")
    if member.is_cochair:
        pages.add("signing")
    if member.can_invite:
        pages.add("manage")
    return pages


def primary_pages(member: Membership | None) -> list[str]:
    """The keys of the links MEMBER sees at once, in order (an active translator also sees their queue)."""
    if member is None:
        return list(PUBLIC_LINKS)
    keys = list(PRIMARY_LINKS.get(member.role, PUBLIC_LINKS))
    if "translations" not in keys and member.role == Membership.Role.PARTICIPANT and _is_translator(member):
        keys.append("translations")
    allowed = allowed_pages(member)
    return [key for key in keys if key in allowed]


def dialogue_menu(slug: str, member: Membership | None, path: str = "") -> dict[str, Any]:
    """The dialogue menu for MEMBER: the links shown at once and those under "More", each marked
    current when it is the page at PATH."""
    labels = _labels()
    primary = primary_pages(member)
    allowed = allowed_pages(member)

    def link(key: str) -> dict[str, Any]:
        url = reverse(PAGES[key], args=[slug])
        return {"key": key, "url": url, "label": labels[key], "current": path == url}

    more = [link(key) for key in ORDER if key in allowed and key not in primary]
    return {
        "primary": [link(key) for key in primary],
        "more": more,
        "more_current": any(item["current"] for item in more),
    }


# --- who you are, for the header ----------------------------------------------------------------


def _identity(member: Membership, language: str) -> dict[str, Any]:
    slug = member.dialogue.slug
    return {
        "handle": member.handle,
        "side": member.side.name_text(language),
        "side_lang": pick_language_code(member.side.name, language),
        "role": str(Membership.Role(member.role).label),
        "dialogue_title": member.dialogue.title_text(language),
        "dialogue_title_lang": pick_language_code(member.dialogue.title, language),
        "slug": slug,
        "me_url": reverse("dialogues:me", args=[slug]),
        # Only a participant without an account is remembered by this browser's session alone.
        "by_session": member.user_id is None,
    }


def header_identities(request: HttpRequest, language: str) -> list[dict[str, Any]]:
    """Who this browser takes part as, for the header: on a dialogue's pages, its member (by account
    or session); elsewhere, every participant this browser's session remembers."""
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("slug") if match is not None else None
    remembered = sessions.membership_ids(request) if hasattr(request, "session") else []
    user: Any = getattr(request, "user", None)
    members = Membership.objects.select_related("dialogue", "side")
    if slug:
        member = None
        if user is not None and user.is_authenticated:
            member = members.filter(dialogue__slug=slug, user=user).first()
        if member is None and remembered:
            member = members.filter(dialogue__slug=slug, pk__in=remembered, user__isnull=True).first()
        return [_identity(member, language)] if member else []
    if not remembered:
        return []
    return [_identity(m, language) for m in members.filter(pk__in=remembered, user__isnull=True).order_by("-joined_at")]
