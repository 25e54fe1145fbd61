"""The dialogue menu and the header's "who you are", built by parley.dialogues.navigation."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from parley.dialogues import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def dialogue_menu(context: template.Context, slug: str, member: Any = None) -> dict[str, Any]:
    request = context.get("request")
    path = request.path if request is not None else ""
    return navigation.dialogue_menu(slug, member or None, path)


@register.simple_tag(takes_context=True)
def header_identities(context: template.Context) -> list[dict[str, Any]]:
    request = context.get("request")
    if request is None:
        return []
    return navigation.header_identities(request, (get_language() or "en")[:2])
