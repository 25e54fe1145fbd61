"""Keeping agreed glossary renderings through a machine that knows nothing of them.

Before translating, each occurrence of a glossary term (in any inflected form that starts with
the term, or with the term less its final vowel) is replaced by a placeholder such as `ZQ0`;
after, each placeholder is replaced by the agreed target rendering. Machine translation copies
such Latin letter-and-digit tokens through in practice; a placeholder the machine lost is simply
not restored (the term then reads as the machine translated it, or not at all).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from parley.lang.translate import GlossaryRendering

VOWELS = set("aeiouıəöüаеёиоуыэюяաեէըիոօ")
_PLACEHOLDER = re.compile(r"Z\s?Q\s?(\d{1,3})", re.IGNORECASE)


def _term_pattern(term: str) -> str:
    """A pattern for TERM and its inflected forms: suffixes after the term, or after its stem."""
    words = term.split()
    last = words[-1]
    if len(last) > 4 and last[-1].lower() in VOWELS:
        last_pattern = re.escape(last[:-1]) + r"\w*"
    else:
        last_pattern = re.escape(last) + r"\w*"
    parts = [re.escape(word) for word in words[:-1]] + [last_pattern]
    return r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)"


def protect(text: str, glossary: Sequence[GlossaryRendering]) -> tuple[str, dict[int, str]]:
    """TEXT with glossary terms replaced by placeholders, and the rendering of each placeholder."""
    renderings: dict[int, str] = {}
    usable = [g for g in glossary if g.source.strip() and g.target.strip()]
    # Longest terms first, so "border crossing" wins over "border".
    for rendering in sorted(usable, key=lambda g: -len(g.source)):
        pattern = re.compile(_term_pattern(rendering.source.strip()), re.IGNORECASE)
        if not pattern.search(text):
            continue
        index = len(renderings)
        renderings[index] = rendering.target.strip()
        text = pattern.sub(f"ZQ{index}", text)
    return text, renderings


def restore(text: str, renderings: dict[int, str]) -> str:
    """Put the agreed renderings back where the placeholders are."""
    if not renderings:
        return text

    def replace(match: re.Match[str]) -> str:
        index = int(match.group(1))
        return renderings.get(index, match.group(0))

    return _PLACEHOLDER.sub(replace, text)


def relevant(text: str, glossary: Sequence[GlossaryRendering]) -> list[GlossaryRendering]:
    """The glossary entries whose term occurs in TEXT (so a prompt carries only those)."""
    found = []
    for rendering in glossary:
        if not (rendering.source.strip() and rendering.target.strip()):
            continue
        if re.search(_term_pattern(rendering.source.strip()), text, re.IGNORECASE):
            found.append(rendering)
    return found
