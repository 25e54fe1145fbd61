"""Find a dialogue's glossary terms in a text, through Azerbaijani, Armenian and Russian inflection.

Pure (no Django): the web app, the joint-statement check and machine translation call the same
code. A term is one or more words ("пропавшие без вести"); a text word matches a term word when
the language's analyser says they are forms of one word:

- Russian: the lemmas of every parse by pymorphy3 (OpenCorpora dictionary, in its wheel) overlap.
- Armenian: the word, its simplemma lemma or its Snowball stem overlap; simplemma alone misses
  some forms (it takes "սահման" for the verb "սահմանել"), Snowball alone gives the nominative and
  the genitive of one noun different stems, together they find every form of the test paradigms.
- Azerbaijani: after Azerbaijani case folding (I/ı, İ/i), the word is the term word (or its stem
  with the final q/k softened to ğ/y before a vowel) followed by inflectional suffixes only
  (plural, possessive, case, copula); or nltkaz's stemmer (a list of 60,000 roots, in its wheel)
  gives both the same root, when the term word is itself such a root plus suffixes. nltkaz alone
  takes the longest known prefix, so "torpağın" would be "tor" and "Qarabağ" "qara": the suffix
  rule keeps those apart.
- English and any other language: Snowball's English stemmer, or the folded word itself.

Measured recall and false matches are in `parley/lang/tests/test_glossary.py` (README: Using Parley).
"""

from __future__ import annotations

import itertools
import re
import threading
import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from parley.lang.fold import fold_case

WORD = re.compile(r"\w+(?:[-‐'’]\w+)*")
# Words of a multi-word term may be separated by spaces only (not by punctuation).
GAP = re.compile(r"\s+")

_lock = threading.Lock()


@dataclass(frozen=True)
class Term:
    """A glossary term to look for in one language: its key and the renderings that count as it."""

    key: Hashable
    forms: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    """Where a term was found: TEXT[start:end], and which of its forms it is an inflection of."""

    key: Hashable
    form: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Token:
    word: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]


def fold(word: str, language: str) -> str:
    return unicodedata.normalize("NFC", fold_case(word, language)).replace("ё", "е")


# --- the analysers (loaded once, on first use) -----------------------------------------------------


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    with _lock:
        return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=1)
def _az_roots() -> frozenset[str]:
    """nltkaz's Azerbaijani roots (its Stemmer reads the same file, through an API Python deprecates)."""
    from importlib.resources import files

    text = files("nltkaz.stem").joinpath("azwords.txt").read_text(encoding="utf-8")
    return frozenset(fold(line.strip(), "az") for line in text.splitlines() if line.strip())


@lru_cache(maxsize=8)
def _snowball(algorithm: str) -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer(algorithm)


def _simplemma(word: str, language: str) -> str:
    import simplemma

    return str(simplemma.lemmatize(word, lang=language))


# --- Azerbaijani suffixes --------------------------------------------------------------------------

_AZ_SUFFIX = (
    "lar|lər|ları|ləri|"
    "ımız|imiz|umuz|ümüz|mız|miz|muz|müz|ınız|iniz|unuz|ünüz|nız|niz|nuz|nüz|"
    "ım|im|um|üm|m|ın|in|un|ün|n|sı|si|su|sü|ı|i|u|ü|nın|nin|nun|nün|"
    "ya|yə|na|nə|a|ə|yı|yi|yu|yü|nı|ni|nu|nü|"
    "da|də|ta|tə|nda|ndə|dan|dən|tan|tən|ndan|ndən|la|lə|yla|ylə|"
    "dır|dir|dur|dür|dakı|dəki|ki"
)
_AZ_CHAIN = re.compile(rf"(?:{_AZ_SUFFIX}){{0,5}}")
_AZ_VOWELS = set("aıoueəiöü")


def _az_inflected(remainder: str) -> bool:
    return len(remainder) <= 14 and _AZ_CHAIN.fullmatch(remainder) is not None


def _az_softened(stem: str) -> set[str]:
    """STEM, and STEM with its final q/k softened as before a vowel (torpaq -> torpağ-, bilik -> biliy-)."""
    out = {stem}
    if len(stem) > 2 and stem[-2] in _AZ_VOWELS:
        if stem.endswith("q"):
            out.add(stem[:-1] + "ğ")
        elif stem.endswith("k"):
            out.add(stem[:-1] + "y")
    return out


@lru_cache(maxsize=4096)
def _az_root(word: str) -> str:
    """nltkaz's stem: the longest beginning of WORD that is a known root (WORD itself if none is)."""
    roots = _az_roots()
    return next((word[:end] for end in range(len(word), 0, -1) if word[:end] in roots), word)


@lru_cache(maxsize=4096)
def _az_term_stems(term_word: str) -> tuple[frozenset[str], str | None]:
    """The stems a term word's inflections start with, and its nltkaz root when the term word is that
    root plus suffixes (None for a word nltkaz does not know, such as a place name)."""
    stems = set(_az_softened(term_word))
    root: str | None = _az_root(term_word)
    if root and len(root) >= 3 and term_word.startswith(root) and _az_inflected(term_word[len(root) :]):
        stems |= _az_softened(root)
    else:
        root = None
    return frozenset(stems), root


def _az_match(term_word: str, word: str) -> bool:
    if word == term_word:
        return True
    stems, root = _az_term_stems(term_word)
    if any(word.startswith(stem) and _az_inflected(word[len(stem) :]) for stem in stems):
        return True
    if root is None:
        return False
    return _az_root(word) == root or _az_root(word.replace("ğ", "q")) == root


# --- per-language keys -----------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def word_keys(word: str, language: str) -> frozenset[str]:
    """The forms under which a folded WORD is compared (Russian, Armenian, English, others)."""
    if language == "ru":
        return frozenset(p.normal_form.replace("ё", "е") for p in _morph().parse(word)) | {word}
    if language == "hy":
        return frozenset({word, _simplemma(word, "hy"), _snowball("armenian").stemWord(word)})
    if language == "en":
        return frozenset({word, _snowball("english").stemWord(word)})
    return frozenset({word})


def words_match(term_word: str, word: str, language: str) -> bool:
    """Whether the folded WORD is a form of the folded TERM_WORD in LANGUAGE."""
    if language == "az":
        return _az_match(term_word, word)
    return term_word == word or not word_keys(term_word, language).isdisjoint(word_keys(word, language))


# --- finding terms ---------------------------------------------------------------------------------


def find_terms(text: str, language: str, terms: Iterable[Term]) -> list[Match]:
    """Every occurrence in TEXT (written in LANGUAGE) of a form of one of TERMS, in text order.

    Occurrences do not overlap: where two terms start at one word, the longer one wins (a term of
    three words over one of its words), then the one given first."""
    found = tokens(text)
    words = [fold(t.word, language) for t in found]
    candidates: list[tuple[int, int, int, Term, str]] = []  # start token, -length, order, term, form
    for order, term in enumerate(terms):
        for form in term.forms:
            parts = [fold(t.word, language) for t in tokens(form)]
            if not parts:
                continue
            for i in range(len(found) - len(parts) + 1):
                if all(words_match(part, words[i + j], language) for j, part in enumerate(parts)) and _adjacent(
                    text, found[i : i + len(parts)]
                ):
                    candidates.append((i, -len(parts), order, term, form))
    matches: list[Match] = []
    taken_until = 0
    for i, negative_length, _order, term, form in sorted(candidates, key=lambda c: (c[0], c[1], c[2])):
        if i < taken_until:
            continue
        last = found[i - negative_length - 1]
        start = found[i].start
        matches.append(Match(term.key, form, start, last.end, text[start : last.end]))
        taken_until = i - negative_length
    return matches


def _adjacent(text: str, run: Sequence[Token]) -> bool:
    return all(GAP.fullmatch(text[a.end : b.start]) for a, b in itertools.pairwise(run))


def contains(text: str, language: str, form: str) -> bool:
    """Whether TEXT contains an inflection of FORM."""
    return bool(find_terms(text, language, [Term(0, (form,))]))
