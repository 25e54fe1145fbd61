"""Template filters of the governance pages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import template
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()
LANGUAGES = dict(settings.LANGUAGES)


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    """Return mapping[key], or "" when there is no such key (per-language texts in forms)."""
    return mapping.get(key, "") if isinstance(mapping, Mapping) else ""


@register.filter
def minute(moment: object) -> str:
    """An ISO 8601 time (as the JSON dicts hold it) shown to the minute: "2026-11-27 10:45"."""
    return str(moment)[:16].replace("T", " ")


@register.simple_tag(takes_context=True)
def glossary_marked(context: template.Context, text: object, language: object) -> Any:
    """TEXT (in LANGUAGE) escaped, with the glossary terms of the page's dialogue (`dialogue` or the
    vote card's) in it linked to their entry.

    Formats only: the terms are `page_glossary`, read once per request by the context processor
    `parley.proposals.context_processors.glossary`, however many statements a page shows."""
    from parley.dialogues.queries import active_language
    from parley.proposals.glossary_queries import marked

    slug = _slug_of(context.get("dialogue")) or _slug_of(context.get("card"))
    if not isinstance(text, str) or not isinstance(language, str) or not slug:
        return conditional_escape("" if text is None else str(text))
    glossary = context.get("page_glossary")
    if glossary is None or getattr(glossary, "slug", "") != slug or not glossary.terms:
        return conditional_escape(text)
    return marked(text, language, glossary, glossary.terms, active_language())


def _slug_of(value: object) -> str:
    slug = value.get("slug") if isinstance(value, Mapping) else getattr(value, "slug", "")
    return slug if isinstance(slug, str) else ""


def _foreign_texts(payload: Any) -> dict[str, str]:
    """The texts in other languages a proposal's summary quotes, each with its language: a glossary
    term's renderings, a blocklist's words."""
    texts: dict[str, str] = {}
    if not isinstance(payload, dict):
        return texts
    if isinstance(payload.get("texts"), dict):
        texts.update({str(text): str(code) for code, text in payload["texts"].items() if text and code in LANGUAGES})
    if payload.get("language") in LANGUAGES:
        for key in ("add", "remove"):
            if isinstance(payload.get(key), list):
                texts.update({str(word): payload["language"] for word in payload[key] if word})
    return texts


@register.filter
def marked_summary(summary: Any, payload: Any) -> str:
    """SUMMARY as HTML, each quoted text in another language inside a span with its own `lang`."""
    escaped = str(conditional_escape(summary))
    texts = {str(conditional_escape(text)): code for text, code in _foreign_texts(payload).items()}
    if not texts:
        return mark_safe(escaped)  # noqa: S308 - escaped above
    pattern = re.compile("|".join(re.escape(text) for text in sorted(texts, key=len, reverse=True)))
    marked = pattern.sub(lambda found: f'<span lang="{texts[found.group(0)]}">{found.group(0)}</span>', escaped)
    return mark_safe(marked)  # noqa: S308 - the summary and texts are escaped, the codes are language codes
