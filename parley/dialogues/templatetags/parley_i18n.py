"""Template helpers for language parity."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import get_language

from parley.lang import names

register = template.Library()


@register.simple_tag
def interface_languages() -> list[tuple[str, str]]:
    """Each interface language with its own name, as it starts a menu entry ("Հայերեն", not "հայերեն").

    Not Django's get_available_languages, which runs the names through gettext ("English" became
    "Английский"), nor its language info, whose Armenian name is lower-case.
    """
    return list(settings.LANGUAGES)


@register.filter
def number(value: object) -> str:
    """A count as the reader's language writes numbers."""
    if not isinstance(value, int | float):
        return str(value)
    return names.format_number(value, active_language())


@register.filter
def percent(value: object) -> str:
    """A percentage (0 to 100) as the reader's language writes it."""
    if not isinstance(value, int | float):
        return str(value)
    return names.format_percent(value, active_language())


def active_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]
