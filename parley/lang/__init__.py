"""Pure text utilities (no Django): normalisation of what people type."""

from parley.lang.text import MAX_STATEMENT_LENGTH, normalise_text

__all__ = ["MAX_STATEMENT_LENGTH", "normalise_text"]
