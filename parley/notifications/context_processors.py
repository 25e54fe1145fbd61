"""The navigation's "awaiting your side" badge: counted once per request, and only if a page shows it.

On a dialogue's pages, the request's member is looked up once (by account, else by this browser's
session) and `queries.awaiting_counts` counts everything awaiting their side in one query; for a
participant who turned on "new statements to vote on", the count of statements new since their last
visit. The template tag `awaiting_badge` only formats the result.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from parley import sessions
from parley.dialogues.models import Membership
from parley.notifications.queries import awaiting_counts, new_statement_count


def _member(request: HttpRequest, slug: str) -> Membership | None:
    members = Membership.objects.select_related("dialogue", "side")
    user: Any = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        found = members.filter(dialogue__slug=slug, user=user).first()
        if found is not None:
            return found
    remembered = sessions.membership_ids(request) if hasattr(request, "session") else []
    if not remembered:
        return None
    return members.filter(dialogue__slug=slug, pk__in=remembered, user__isnull=True).first()


def badge(request: HttpRequest) -> dict[str, Any]:
    """{"slug", "total"} of what awaits the member's side, {"slug", "new"} for a following participant,
    or {} where there is nothing to count."""
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("slug") if match is not None else None
    if not slug:
        return {}
    member = _member(request, str(slug))
    if member is None:
        return {}
    if member.leads_side or member.moderates:
        return {"slug": member.dialogue.slug, "total": awaiting_counts(member)["total"]}
    new = new_statement_count(member)
    return {"slug": member.dialogue.slug, "new": new} if new is not None else {}


def awaiting(request: HttpRequest) -> dict[str, Any]:
    return {"awaiting_badge": SimpleLazyObject(lambda: _Badge(badge(request)))}


class _Badge(dict[str, Any]):
    """A dict the lazy object can wrap (SimpleLazyObject needs an object, not a literal {})."""
