"""Normalise user text and guess its language from its script."""

from __future__ import annotations

import re
import unicodedata

MAX_STATEMENT_LENGTH = 400

_WHITESPACE = re.compile(r"\s+")
# Control and format characters other than ordinary whitespace have no place in a statement;
# zero-width joiners are kept because some scripts need them.
_KEEP_FORMAT = {"\u200c", "\u200d"}


def normalise_text(text: str) -> str:
    """Return TEXT in Unicode NFC, trimmed, with runs of whitespace folded to one space."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if ch in _KEEP_FORMAT or ch.isspace() or unicodedata.category(ch)[0] != "C")
    return _WHITESPACE.sub(" ", text).strip()


# Letters that, in Latin-script text, point to Azerbaijani rather than English.
_AZ_LETTERS = set("əƏğĞıİöÖüÜşŞçÇ")


def guess_language(text: str) -> str | None:
    """Guess which of az, hy, ru, en TEXT is written in, from its script; None if unsure."""
    counts = {"hy": 0, "cyrl": 0, "latn": 0, "az": 0}
    for ch in text:
        code = ord(ch)
        if 0x0530 <= code <= 0x058F or 0xFB13 <= code <= 0xFB17:
            counts["hy"] += 1
        elif 0x0400 <= code <= 0x04FF:
            counts["cyrl"] += 1
        elif ch.isalpha() and code < 0x0250:
            counts["latn"] += 1
            if ch in _AZ_LETTERS:
                counts["az"] += 1
    letters = counts["hy"] + counts["cyrl"] + counts["latn"]
    if letters == 0:
        return None
    if counts["hy"] * 2 > letters:
        return "hy"
    if counts["cyrl"] * 2 > letters:
        return "ru"
    if counts["latn"] * 2 > letters:
        return "az" if counts["az"] > 0 else "en"
    return None
