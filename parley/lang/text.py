"""Normalise user text."""

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
