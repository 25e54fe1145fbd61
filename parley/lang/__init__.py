"""Pure text utilities: normalisation and language identification (no Django)."""

from parley.lang.text import MAX_STATEMENT_LENGTH, guess_language, normalise_text

__all__ = ["MAX_STATEMENT_LENGTH", "guess_language", "normalise_text"]
