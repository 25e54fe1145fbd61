"""Template helpers for language parity."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def interface_languages() -> list[tuple[str, str]]:
    """Each interface language with its own name, as it starts a menu entry ("Հայերեն", not "հայերեն").

    Not Django's get_available_languages, which runs the names through gettext ("English" became
    "Английский"), nor its language info, whose Armenian name is lower-case.
    """
    return list(settings.LANGUAGES)
