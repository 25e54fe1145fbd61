"""`{% free_text kind id text language %}`: a free text of a side (a hold's reason, a glossary note) in
the reader's language, with its translation's label and the original one click away, through the same
include as statements (`dialogues/_statement.html`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag(takes_context=True)
def free_text(context: template.Context, kind: str, object_id: Any, text: Any, text_language: Any) -> str:
    from parley.dialogues.queries import active_language
    from parley.translations.texts import reading

    request = context.get("request")
    cache: dict[str, Any] = getattr(request, "_parley_free_texts", None) or {}
    if request is not None:
        request._parley_free_texts = cache  # type: ignore[attr-defined]
    try:
        pk = int(str(object_id))
    except ValueError:
        pk = 0
    page_dialogue = context.get("dialogue")
    slug = page_dialogue.get("slug") if isinstance(page_dialogue, Mapping) else getattr(page_dialogue, "slug", "")
    shown = reading(
        kind,
        pk,
        str(text or ""),
        str(text_language or ""),
        active_language(),
        cache,
        slug if isinstance(slug, str) else "",
    )
    # The include's glossary marking finds the dialogue in the page's context.
    values: dict[str, Any] = {"dialogue": context.get("dialogue"), "card": context.get("card"), "s": shown}
    return render_to_string("dialogues/_statement.html", values, request=request)
