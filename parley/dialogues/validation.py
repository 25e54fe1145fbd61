"""Checks of what people type and send, shared by the action functions; no writes here."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from parley.dialogues.access import ActionError
from parley.dialogues.models import LANGUAGE_CODES
from parley.lang import MAX_STATEMENT_LENGTH, capital_confusable_key, confusable_key, normalise_text

HANDLE_MIN, HANDLE_MAX = 2, 40
SLUG_MAX = 50
_HANDLE_ALLOWED = re.compile(r"^[\w .'\-]+$")


def new_token() -> tuple[str, str]:
    """Return a fresh secret token and the hash that is stored in its place."""
    token = secrets.token_urlsafe(24)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def handle_key(handle: str) -> str:
    """What two pseudonyms are compared by: equal for every spelling a reader could take for the
    other (case, Azerbaijani dotted and dotless i, look-alike letters of any script)."""
    return confusable_key(handle)


def pseudonym_taken(dialogue_id: int, handle: str) -> bool:
    """Whether a member of the dialogue already has HANDLE or a pseudonym a reader could take for it.
    The key in small letters is unique in the database; the one in capitals (Cyrillic "КАТЕ" is
    Latin "KATE", though "кате" is not "kate") is compared here, member by member."""
    from parley.dialogues.models import Membership

    members = Membership.objects.filter(dialogue_id=dialogue_id)
    if members.filter(handle_key=handle_key(handle)).exists():
        return True
    shape = capital_confusable_key(handle)
    return any(capital_confusable_key(other) == shape for other in members.values_list("handle", flat=True))


def _scripts(text: str) -> set[str]:
    """The writing systems of TEXT's letters (Latin, Cyrillic, Armenian, ...), by Unicode name."""
    return {unicodedata.name(ch, "?").split(" ")[0] for ch in text if ch.isalpha()}


def clean_handle(handle: object) -> str:
    if not isinstance(handle, str):
        raise ActionError(_("Choose a pseudonym."), field="handle")
    handle = normalise_text(handle)
    if not HANDLE_MIN <= len(handle) <= HANDLE_MAX:
        raise ActionError(
            _("A pseudonym has %(min)d to %(max)d characters.") % {"min": HANDLE_MIN, "max": HANDLE_MAX},
            field="handle",
        )
    if not _HANDLE_ALLOWED.match(handle) or not any(ch.isalpha() for ch in handle):
        raise ActionError(
            _("A pseudonym has letters, and may have digits, spaces, dots, dashes and apostrophes."),
            field="handle",
        )
    if len(_scripts(handle)) > 1:
        # A Cyrillic "А" in a Latin name looks the same and would let someone pass as another.
        raise ActionError(_("Write a pseudonym in one alphabet only, not a mix."), field="handle")
    return handle


def clean_language(language: object, allowed: Sequence[str] = LANGUAGE_CODES) -> str:
    if not isinstance(language, str) or language not in allowed:
        raise ActionError(_("Choose one of the dialogue's languages."), field="language")
    return language


def clean_statement_text(text: object) -> str:
    if not isinstance(text, str):
        raise ActionError(_("A statement must be text."), field="text")
    text = normalise_text(text)
    if not text:
        raise ActionError(_("Write a statement first: it is empty."), field="text")
    if len(text) > MAX_STATEMENT_LENGTH:
        raise ActionError(
            _("A statement has at most %(max)d characters; this one has %(n)d.")
            % {"max": MAX_STATEMENT_LENGTH, "n": len(text)},
            field="text",
        )
    return text


MAX_REASON = 500


def clean_reason(reason: object) -> str:
    """A reason given for rejecting something: required and public, so it says why."""
    text = normalise_text(reason) if isinstance(reason, str) else ""
    if not text:
        raise ActionError(_("Say why you reject it: the other side and the public read the reason."), field="reason")
    if len(text) > MAX_REASON:
        raise ActionError(_("A reason has at most %(max)d characters.") % {"max": MAX_REASON}, field="reason")
    return text


def texts_per_language(texts: dict[str, Any], field: str, max_length: int, required: bool) -> dict[str, str]:
    clean = {}
    for code in LANGUAGE_CODES:
        value = texts.get(code)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ActionError(_("This must be text."), field=field)
        value = normalise_text(value)
        if len(value) > max_length:
            raise ActionError(_("This is longer than %(max)d characters.") % {"max": max_length}, field=field)
        if value:
            clean[code] = value
    if required and not clean:
        raise ActionError(_("Fill this in for at least one language."), field=field)
    return clean


def unique_slug(text: str, fallback: str) -> str:
    """A dialogue address made from TEXT in any language (transliterated into Latin letters), numbered
    (-2, -3, ...) if it is taken."""
    from parley.dialogues.models import Dialogue
    from parley.lang.slugs import slug_from

    base = slug_from(text, SLUG_MAX) or fallback
    candidate, n = base, 1
    while Dialogue.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate
