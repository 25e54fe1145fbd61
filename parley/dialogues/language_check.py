"""Warn an author whose statement does not look written in the language they chose; never change it."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from parley.dialogues.queries import language_name
from parley.lang.identify import MIN_CONFIDENCE, identify, mismatch


def language_warning(text: str, chosen: str) -> str:
    """A warning for the author, or "" when the text looks like CHOSEN (or is too short to tell).

    The guess is among Parley's languages, not only the dialogue's: a Russian text in an
    Azerbaijani-Armenian dialogue must not be taken for one of the two.
    """
    candidates = [code for code, _name in settings.LANGUAGES]
    if chosen not in candidates:
        return ""
    detected = mismatch(text, chosen, candidates)
    if detected is None:
        return ""
    return _(
        "This text looks written in %(detected)s, but its language is set to %(chosen)s. "
        "Choose the language it is written in; if it is right, keep it."
    ) % {"detected": language_name(detected), "chosen": language_name(chosen)}


def written_language(text: str, writer_language: str) -> str:
    """The language a free text (a hold's reason, a rejection's reason) is written in, for its `lang`.

    Identified among Parley's languages when the text is long enough to tell, else the language its
    writer chose when they joined.
    """
    guess = identify(text, [code for code, _name in settings.LANGUAGES])
    if guess is not None and guess.confidence >= MIN_CONFIDENCE:
        return guess.language
    return writer_language
