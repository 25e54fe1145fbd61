"""Compare what people type as a reader sees it: case folding that knows the Azerbaijani (and
Turkish) dotted and dotless i, and Unicode confusable skeletons (UTS #39, computed by ICU), so
that look-alike spellings of one name, in one script or across scripts, compare equal.
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata

import icu

# Languages whose capital of "i" is "İ" and whose capital "I" is the capital of "ı".
TURKIC = frozenset({"az", "tr"})
# The longest comparison key stored (Membership.handle_key); longer keys are replaced by a digest.
MAX_KEY = 160

_local = threading.local()


def fold_case(text: str, language: str | None = None) -> str:
    """Fold TEXT's case (and compatibility forms) for comparison. In Azerbaijani and Turkish, "I"
    folds to "ı" and "İ" to "i"; in every language "İ" folds to a plain "i" (Python's casefold
    would leave "i" plus a combining dot)."""
    text = unicodedata.normalize("NFKC", text)
    if language in TURKIC:
        text = text.replace("I", "ı")
    text = text.replace("İ", "i")
    return unicodedata.normalize("NFKC", text.casefold())


def skeleton(text: str) -> str:
    """TEXT's confusable skeleton (UTS #39): two strings that look alike have the same one."""
    checker = getattr(_local, "checker", None)
    if checker is None:
        checker = _local.checker = icu.SpoofChecker()
    return str(checker.getSkeleton(0, text))


def _key(text: str) -> str:
    # Capital I looks like l, so once case is ignored i and l are one letter too.
    key = fold_case(text).replace("l", "i")
    if len(key) > MAX_KEY:
        key = "#" + hashlib.sha256(key.encode("utf-8")).hexdigest()
    return key


def confusable_key(text: str) -> str:
    """One key for the spellings of TEXT that a reader could take for it in small letters, whatever
    their case (ALICE, alice), script (Cyrillic "Аӏісе", Latin "Alice") or dotted and dotless i
    (AYDIN, Aydın)."""
    return _key(skeleton(fold_case(skeleton(fold_case(text)))))


def capital_confusable_key(text: str) -> str:
    """The same in capitals: some letters look alike only as capitals (Cyrillic "В" and Latin "B",
    while "в" is not "b"), and a pseudonym may be written in either case."""
    return _key(skeleton(fold_case(text).upper()))
