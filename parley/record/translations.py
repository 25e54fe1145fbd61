"""What the record says about translations: translators of each side, and every statement's current
translation per language with its provenance and status.

`replay` calls these handlers with its state and entry (duck-typed here, so this module does not
import `replay`); a handler raises TranslationError for an entry the earlier ones make impossible,
which the replay reports as a failure of that entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from parley.record.entries import (
    TRANSLATION_DISPUTED,
    TRANSLATION_MACHINE,
    TRANSLATION_PROPOSED,
    TRANSLATION_REVIEWED,
    TRANSLATOR_GRANTED,
    TRANSLATOR_WITHDRAWN,
)

TYPES = (
    TRANSLATOR_GRANTED,
    TRANSLATOR_WITHDRAWN,
    TRANSLATION_MACHINE,
    TRANSLATION_PROPOSED,
    TRANSLATION_REVIEWED,
    TRANSLATION_DISPUTED,
)
APPOINTERS = ("cochair", "deputy", "organizer")
MODERATORS = ("moderator", "cochair", "deputy")
PROVENANCES = ("author", "human", "machine")


class TranslationError(ValueError):
    pass


@dataclass
class RecordedTranslation:
    statement: int
    language: str
    # None once withdrawn (or sealed and not opened).
    text: str | None
    provenance: str
    status: str
    seq: int
    time: str
    # The side a person's translation comes from ("" for a machine's).
    side: str = ""
    translator: int | None = None
    reviewer: int | None = None
    backend: str = ""
    model: str = ""
    pivot: str | None = None
    # How many texts this translation has had, this one included.
    version: int = 1
    # An author's translation carried by `statement.submitted` (records made before translation
    # entries): the tables never knew that entry's seq, so reviews and disputes name it as null.
    from_submission: bool = False


@dataclass
class Translations:
    """The translation part of a dialogue's replayed state."""

    # Active translators: member id -> (side, languages).
    translators: dict[int, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    current: dict[tuple[int, str], RecordedTranslation] = field(default_factory=dict)
    # How many entries of the types above the record holds: a bundle has translations.csv when any.
    entries: int = 0
    # Free texts' translations (hold reasons, glossary notes): (about, object, language) -> current.
    texts: dict[tuple[str, int, str], RecordedTranslation] = field(default_factory=dict)

    def set(self, new: RecordedTranslation) -> None:
        earlier = self.current.get((new.statement, new.language))
        if earlier is not None:
            new.version = earlier.version + 1
        self.current[(new.statement, new.language)] = new


def _field(payload: Mapping[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    value = payload.get(name)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise TranslationError(f"payload field {name!r} is missing or of the wrong kind")
    return value


def _actor(entry: Any) -> Mapping[str, Any]:
    return entry.actor if isinstance(entry.actor, Mapping) else {}


def _statement_and_language(state: Any, entry: Any) -> tuple[Any, str]:
    statement_id = _field(entry.payload, "statement", int)
    statement = state.statements.get(statement_id)
    if statement is None:
        raise TranslationError(f"statement {statement_id} was never submitted")
    language = _field(entry.payload, "language", str)
    if language not in state.languages:
        raise TranslationError(f"{language!r} is not a language of this dialogue")
    if language == statement.language:
        raise TranslationError(f"statement {statement_id} is written in {language} already")
    return statement, language


FREE_TEXTS = ("hold.reason", "glossary.note", "policy.text", "joint.title")


@dataclass(frozen=True)
class FreeText:
    """A free text of a side, as the translation entries about it name it (`about`, `object`, `source`)."""

    about: str
    id: int
    language: str
    side: str = ""
    author: int | None = None


def _free_text_and_language(state: Any, entry: Any) -> tuple[FreeText, str]:
    about = _field(entry.payload, "about", str)
    if about not in FREE_TEXTS:
        raise TranslationError(f"{about!r} is not a kind of text that is translated")
    text = FreeText(about, _field(entry.payload, "object", int), _field(entry.payload, "source", str))
    language = _field(entry.payload, "language", str)
    if language not in state.languages or text.language not in state.languages:
        raise TranslationError(f"{language!r} or {text.language!r} is not a language of this dialogue")
    if language == text.language:
        raise TranslationError(f"{about} {text.id} is written in {language} already")
    return text, language


def _target(state: Any, entry: Any) -> tuple[Any, str, dict[Any, RecordedTranslation], Any]:
    """The statement or free text an entry translates, its language, the table and the key it is kept under."""
    if "about" in entry.payload:
        text, language = _free_text_and_language(state, entry)
        return text, language, state.translations.texts, (text.about, text.id, language)
    statement, language = _statement_and_language(state, entry)
    return statement, language, state.translations.current, (statement.id, language)


def _set(table: dict[Any, RecordedTranslation], key: Any, new: RecordedTranslation) -> None:
    earlier = table.get(key)
    if earlier is not None:
        new.version = earlier.version + 1
    table[key] = new


def _text(entry: Any) -> str | None:
    return _field(entry.payload, "text", (str, type(None)))


def granted(state: Any, entry: Any) -> None:
    member, side = _field(entry.payload, "member", int), _field(entry.payload, "side", str)
    languages = _field(entry.payload, "languages", list)
    if side not in state.side_labels:
        raise TranslationError(f"side {side!r} is not a side of this dialogue")
    known = state.members.get(member)
    if known is not None and known.side != side:
        raise TranslationError(f"member {member} is not of side {side}")
    if known is None and state.unnamed[side] == 0:
        raise TranslationError(f"member {member} never joined")
    if known is not None and known.role == "observer":
        raise TranslationError(f"member {member} is an observer, who cannot translate")
    if len(languages) < 2 or any(code not in state.languages for code in languages):
        raise TranslationError("a translator has two or more of the dialogue's languages")
    actor = _actor(entry)
    if actor.get("side") != side or actor.get("role") not in APPOINTERS:
        raise TranslationError("only the translator's own side's co-chair or organizer appoints them")
    state.translations.translators[member] = (side, tuple(languages))


def withdrawn(state: Any, entry: Any) -> None:
    member, side = _field(entry.payload, "member", int), _field(entry.payload, "side", str)
    if state.translations.translators.get(member, ("",))[0] != side:
        raise TranslationError(f"member {member} is not a translator of side {side}")
    actor = _actor(entry)
    if actor.get("side") != side or actor.get("role") not in APPOINTERS:
        raise TranslationError("only the translator's own side's co-chair or organizer withdraws them")
    del state.translations.translators[member]


def proposed(state: Any, entry: Any) -> None:
    statement, language, table, key = _target(state, entry)
    provenance = _field(entry.payload, "provenance", str)
    text = _text(entry)
    if provenance == "author" and not isinstance(statement, FreeText):
        if _actor(entry).get("side") != statement.side:
            raise TranslationError("an author's translation comes from the author's side")
        side, translator = statement.side, statement.author
    elif provenance == "human":
        translator, side = _field(entry.payload, "translator", int), _field(entry.payload, "side", str)
        holder = state.translations.translators.get(translator)
        if holder is None or holder[0] != side:
            raise TranslationError(f"member {translator} is not a translator of side {side}")
        if statement.language not in holder[1] or language not in holder[1]:
            raise TranslationError(f"member {translator} does not translate {statement.language} into {language}")
    else:
        raise TranslationError(f"provenance {provenance!r} is not author or human")
    _set(
        table,
        key,
        RecordedTranslation(
            statement.id, language, text, provenance, "proposed", entry.seq, entry.time, side, translator
        ),
    )


def machine(state: Any, entry: Any) -> None:
    statement, language, table, key = _target(state, entry)
    current = table.get(key)
    if current is not None and current.provenance != "machine":
        raise TranslationError("a machine translation never replaces a person's")
    if entry.actor is not None:
        raise TranslationError("a machine translation has no actor")
    _set(
        table,
        key,
        RecordedTranslation(
            statement.id,
            language,
            _text(entry),
            "machine",
            "machine",
            entry.seq,
            entry.time,
            backend=_field(entry.payload, "backend", str),
            model=_field(entry.payload, "model", str),
            pivot=_field(entry.payload, "pivot", (str, type(None))),
        ),
    )


def _judged(state: Any, entry: Any, statuses: tuple[str, ...]) -> tuple[RecordedTranslation, int, str]:
    statement, language, table, key = _target(state, entry)
    current = table.get(key)
    if current is None or current.status not in statuses:
        raise TranslationError(f"statement {statement.id} has no {' or '.join(statuses)} translation into {language}")
    version = _field(entry.payload, "version", (int, type(None)))
    if version != current.seq and not (version is None and current.from_submission):
        raise TranslationError(f"version is not the current translation's entry {current.seq}")
    member, side = _field(entry.payload, "member", int), _field(entry.payload, "side", str)
    holder = state.translations.translators.get(member)
    is_translator = holder is not None and holder[0] == side and language in holder[1]
    known = state.members.get(member)
    moderates = known is not None and known.side == side and known.role in MODERATORS
    if not is_translator and not moderates:
        raise TranslationError(f"member {member} is neither a translator nor a moderator of side {side}")
    return current, member, side


def reviewed(state: Any, entry: Any) -> None:
    current, member, side = _judged(state, entry, ("proposed",))
    if side == current.side:
        raise TranslationError("a translation is reviewed by the other side, never by the side that made it")
    current.status, current.reviewer = "reviewed", member


def disputed(state: Any, entry: Any) -> None:
    current, _member, _side = _judged(state, entry, ("machine", "proposed", "reviewed"))
    _field(entry.payload, "reason", (str, type(None)))
    current.status = "disputed"


def from_submission(state: Any, statement: Any, translations: Mapping[str, Any], seq: int, time: str) -> None:
    """Records made before translation entries carry the author's translations in `statement.submitted`."""
    for language, text in sorted(translations.items()):
        if not isinstance(text, str | type(None)):
            raise TranslationError(f"the translation into {language} is not text")
        state.translations.set(
            RecordedTranslation(
                statement.id,
                language,
                text,
                "author",
                "proposed",
                seq,
                time,
                statement.side,
                statement.author,
                from_submission=True,
            )
        )


HANDLERS = {
    TRANSLATOR_GRANTED: granted,
    TRANSLATOR_WITHDRAWN: withdrawn,
    TRANSLATION_MACHINE: machine,
    TRANSLATION_PROPOSED: proposed,
    TRANSLATION_REVIEWED: reviewed,
    TRANSLATION_DISPUTED: disputed,
}
