"""Language names from CLDR (through ICU): each language named in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import icu


@lru_cache(maxsize=256)
def language_name(code: str, in_language: str) -> str:
    """CODE's name as written inside a sentence of IN_LANGUAGE ("азербайджанский" in Russian)."""
    name = str(icu.Locale(code).getDisplayLanguage(icu.Locale(in_language)))
    return name if name and name != code else code


def capitalised(name: str) -> str:
    """NAME as it starts a label or a menu entry."""
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=16)
def _collator(language: str) -> Any:
    return icu.Collator.createInstance(icu.Locale(language))


def collation_key(language: str) -> Callable[[str], bytes]:
    """A sort key ordering texts as LANGUAGE's alphabet does (CLDR collation: in Azerbaijani Ç after C,
    Ə after E, İ after I), not by code point."""
    collator = _collator(language)
    return lambda text: bytes(collator.getSortKey(text))


def format_number(value: float, language: str) -> str:
    """VALUE as LANGUAGE writes numbers (12,345 in English, 12.345 in Azerbaijani, 12 345 in Russian)."""
    return str(icu.NumberFormat.createInstance(icu.Locale(language)).format(value))


def format_percent(percent: float, language: str) -> str:
    """PERCENT (0 to 100) as LANGUAGE writes a percentage (42% in English, 42 % in Russian)."""
    return str(icu.NumberFormat.createPercentInstance(icu.Locale(language)).format(percent / 100))
