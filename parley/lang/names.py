"""Language names from CLDR (through ICU): each language named in the reader's language."""

from __future__ import annotations

from functools import lru_cache

import icu


@lru_cache(maxsize=256)
def language_name(code: str, in_language: str) -> str:
    """CODE's name as written inside a sentence of IN_LANGUAGE ("азербайджанский" in Russian)."""
    name = str(icu.Locale(code).getDisplayLanguage(icu.Locale(in_language)))
    return name if name and name != code else code


def capitalised(name: str) -> str:
    """NAME as it starts a label or a menu entry."""
    return name[:1].upper() + name[1:]
