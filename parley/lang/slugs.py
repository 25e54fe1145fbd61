"""Readable web addresses from titles in any of Parley's languages: Armenian and Russian titles are
transliterated into Latin letters (the BGN/PCGN romanisations, through ICU), Azerbaijani letters
lose their marks (ə ı ş ç ğ ö ü become e i s c g o u), and the result is a lowercase ASCII slug.
"""

from __future__ import annotations

import re
import threading

import icu

# Armenian and Russian by the BGN/PCGN romanisations most readers know ("Yerevan", "zhizn"), any other
# script by ICU's general Latin transliteration; then the marks go (Latin-ASCII keeps the schwa).
_RULES = """
:: Armenian-Latin/BGN ;
:: Russian-Latin/BGN ;
:: Any-Latin ;
ə > e ;
Ə > E ;
:: Latin-ASCII ;
"""
# Apostrophes and primes of the romanisations mark a sound inside a word: they vanish, not split it.
_INSIDE_WORD = re.compile(r"['\"’ʼʹʺ`]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")

_local = threading.local()


def to_ascii(text: str) -> str:
    """TEXT in plain ASCII letters: transliterated, without marks."""
    transliterator = getattr(_local, "transliterator", None)
    if transliterator is None:
        transliterator = _local.transliterator = icu.Transliterator.createFromRules(
            "parley-slug", _RULES, icu.UTransDirection.FORWARD
        )
    return str(transliterator.transliterate(text))


def slug_from(text: str, max_length: int = 50) -> str:
    """A lowercase ASCII slug of TEXT (words joined by hyphens), at most MAX_LENGTH characters, cut
    between words where it can be; "" when TEXT has no letter or digit."""
    slug = _NOT_SLUG.sub("-", _INSIDE_WORD.sub("", to_ascii(text)).lower()).strip("-")
    if len(slug) <= max_length:
        return slug
    cut = slug[: max_length + 1]
    head = cut.rsplit("-", 1)[0] if "-" in cut else cut[:max_length]
    return head[:max_length].strip("-")
