"""Pure text utilities (no Django): normalisation of what people type, and how it is compared."""

from parley.lang.fold import capital_confusable_key, confusable_key, fold_case, skeleton
from parley.lang.text import MAX_STATEMENT_LENGTH, normalise_text

__all__ = [
    "MAX_STATEMENT_LENGTH",
    "capital_confusable_key",
    "confusable_key",
    "fold_case",
    "normalise_text",
    "skeleton",
]
