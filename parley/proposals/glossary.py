"""The glossary: terms both sides adopt (a proposal kind), with an agreed neutral rendering per language
and each side's own rendering where it differs, and what the rest of Parley asks of it.

- `renderings_for` gives machine translation the renderings to keep (`GlossaryRendering`).
- `find_in_text` finds the terms in a text (`parley.lang.glossary`, through inflection).
- `hints` is what an author sees while typing; `joint_warnings` what finalising a joint text checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parley.dialogues.access import ActionError
from parley.dialogues.models import Dialogue, Membership
from parley.dialogues.signals import free_text_written
from parley.dialogues.validation import texts_per_language
from parley.lang.glossary import Match, Term, find_terms, fold
from parley.ledger import log
from parley.proposals.kinds import CONTRIBUTES, Kind, register
from parley.proposals.models import GlossaryTerm, Proposal
from parley.record.entries import GLOSSARY_ADOPTED

try:  # t2's machine translation package defines it; the same two fields until that branch lands.
    from parley.lang.translate import GlossaryRendering  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the merge order

    @dataclass(frozen=True)
    class GlossaryRendering:  # type: ignore[no-redef]
        """One agreed term to keep: source form -> target rendering."""

        source: str
        target: str


MAX_TERM = 100
MAX_NOTE = 500


# --- the proposal kind ---------------------------------------------------------------------------------


def _clean_glossary(member: Membership, data: Mapping[str, Any]) -> dict[str, Any]:
    texts = data.get("texts")
    note = data.get("note")
    clean_texts = texts_per_language(
        dict(texts) if isinstance(texts, Mapping) else {}, "texts", MAX_TERM, required=True
    )
    clean_note = texts_per_language(dict(note) if isinstance(note, Mapping) else {}, "note", MAX_NOTE, required=False)
    sides = _clean_sides(member.dialogue, data.get("sides"), clean_texts)
    _check_new(member.dialogue, clean_texts)
    payload: dict[str, Any] = {"texts": clean_texts, "note": clean_note}
    if sides:
        payload["sides"] = sides
    return payload


def _clean_sides(dialogue: Dialogue, asked: object, neutral: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Each side's own renderings, by side label; forms name a side by its position (a label may hold a
    dot). A rendering that is the neutral one (whatever its case) is dropped: the sides do not differ."""
    if asked is None:
        return {}
    if not isinstance(asked, Mapping):
        raise ActionError(_("This must be text."), field="sides")
    sides: dict[str, dict[str, str]] = {}
    for side in dialogue.ordered_sides():
        texts = asked.get(side.label, asked.get(str(side.position)))
        if texts is None:
            continue
        if not isinstance(texts, Mapping):
            raise ActionError(_("This must be text."), field="sides")
        clean = texts_per_language(dict(texts), "sides", MAX_TERM, required=False)
        clean = {code: text for code, text in clean.items() if fold(text, code) != fold(neutral.get(code, ""), code)}
        if clean:
            sides[side.label] = clean
    return sides


def _check_new(dialogue: Dialogue, texts: Mapping[str, str]) -> None:
    for term in GlossaryTerm.objects.filter(dialogue=dialogue):
        for code, text in texts.items():
            if fold(term.texts.get(code, ""), code) == fold(text, code):
                raise ActionError(
                    _("The glossary already has the term “%(term)s”.") % {"term": term.texts[code]}, field="texts"
                )


def _apply_glossary(proposal: Proposal, approver: Membership) -> None:
    payload = proposal.payload
    term = GlossaryTerm.objects.create(
        dialogue_id=proposal.dialogue_id,
        texts=payload["texts"],
        sides=payload.get("sides", {}),
        note=payload["note"],
        proposal=proposal,
    )
    log.append(
        proposal.dialogue_id,
        GLOSSARY_ADOPTED,
        {"term": term.pk, "texts": term.texts, "sides": term.sides, "note": term.note, "proposal": proposal.pk},
        actor=approver,
    )
    if any(str(text).strip() for text in term.note.values()):
        # The languages the note was not written in are machine-translated once committed.
        transaction.on_commit(lambda: free_text_written.send(GlossaryTerm, kind="glossary.note", object_id=term.pk))


def _describe_glossary(payload: Mapping[str, Any], dialogue: Dialogue) -> str:
    return _("Adopt the glossary term “%(term)s”") % {"term": " / ".join(payload["texts"].values())}


register(
    Kind(
        "glossary",
        gettext_lazy("Adopt a glossary term"),
        CONTRIBUTES,
        _clean_glossary,
        _apply_glossary,
        _describe_glossary,
    )
)


# --- what the rest of Parley asks of the glossary ---------------------------------------------------------


def terms_of(dialogue: Dialogue | int) -> list[GlossaryTerm]:
    return list(GlossaryTerm.objects.filter(dialogue=dialogue).order_by("adopted_at", "id"))


def renderings_for(
    dialogue: Dialogue | int, source_lang: str, target_lang: str, side: str | None = None
) -> list[GlossaryRendering]:
    """The renderings machine translation from SOURCE_LANG to TARGET_LANG must keep: every rendering of
    a term in the source language (the neutral one and the sides' own, or only SIDE's own besides the
    neutral one when SIDE, a side label, is given) maps to the term's agreed neutral rendering in the
    target language. A term without a neutral rendering in the target language is left out."""
    found: list[GlossaryRendering] = []
    for term in terms_of(dialogue):
        target = term.texts.get(target_lang)
        if not target:
            continue
        sources = [term.texts.get(source_lang, "")]
        labels = sorted(term.sides) if side is None else [side]
        sources += [term.side_text(label, source_lang) for label in labels]
        for source in dict.fromkeys(s for s in sources if s):
            found.append(GlossaryRendering(source=source, target=target))
    return found


def find_in_text(text: str, language: str, terms: list[GlossaryTerm]) -> list[Match]:
    """The terms in TEXT (written in LANGUAGE), through inflection; each match's key is the term's id."""
    wanted = [Term(term.pk, tuple(term.forms(language))) for term in terms if term.forms(language)]
    return find_terms(text, language, wanted) if wanted else []


def side_of_form(term: GlossaryTerm, language: str, form: str) -> str | None:
    """The side label whose own rendering FORM is, or None for the neutral rendering."""
    if form == term.texts.get(language):
        return None
    return next((label for label in sorted(term.sides) if term.side_text(label, language) == form), None)
