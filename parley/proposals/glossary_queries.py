"""What the glossary pages show, as plain dicts: the entries, an author's hints, a reader's marks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from parley.dialogues.models import LANGUAGE_CODES, Dialogue
from parley.dialogues.queries import language_name
from parley.proposals.glossary import find_in_text, side_of_form, terms_of
from parley.proposals.models import GlossaryTerm


def in_language(texts: dict[str, str], language: str) -> tuple[str, str]:
    """(language code, text): TEXTS in LANGUAGE where it has one, else in the first language it has."""
    if texts.get(language):
        return language, texts[language]
    for code in [*LANGUAGE_CODES, *texts]:
        if texts.get(code):
            return code, texts[code]
    return language, ""


def _languages(dialogue: Dialogue, term: GlossaryTerm) -> list[str]:
    used = set(term.texts) | {code for texts in term.sides.values() for code in texts}
    return [*dialogue.languages, *sorted(used - set(dialogue.languages))]


def entry_dict(dialogue: Dialogue, term: GlossaryTerm, language: str) -> dict[str, Any]:
    """One term: its neutral rendering in the reader's language, and per language the neutral rendering
    and each side's own (where it differs), each with the language it is written in."""
    sides = {side.label: side.name_text(language) for side in dialogue.ordered_sides()}
    term_lang, text = in_language(term.texts, language)
    note_lang, note = in_language(term.note, language)
    return {
        "id": term.pk,
        "anchor": f"term-{term.pk}",
        "term": text,
        "term_lang": term_lang,
        "note": note,
        "note_lang": note_lang,
        "renderings": [
            {
                "language": code,
                "language_name": language_name(code),
                "neutral": term.texts.get(code, ""),
                "sides": [
                    {"side": label, "side_name": sides.get(label, label), "text": term.side_text(label, code)}
                    for label in sorted(term.sides, key=lambda label: list(sides).index(label) if label in sides else 9)
                    if term.side_text(label, code)
                ],
            }
            for code in _languages(dialogue, term)
        ],
        "adopted_at": term.adopted_at.isoformat(),
        "proposal": term.proposal_id,
    }


def glossary(dialogue: Dialogue, language: str) -> list[dict[str, Any]]:
    return [entry_dict(dialogue, term, language) for term in terms_of(dialogue)]


def hints(dialogue: Dialogue, text: str, language: str, reader_language: str) -> list[dict[str, Any]]:
    """The glossary terms in an author's draft TEXT (written in LANGUAGE), each once, with what was found,
    whether it is a side's own rendering, and the agreed renderings."""
    if language not in LANGUAGE_CODES or not text.strip():
        return []
    terms = {term.pk: term for term in terms_of(dialogue)}
    seen: dict[int, dict[str, Any]] = {}
    for match in find_in_text(text, language, list(terms.values())):
        term = terms[int(str(match.key))]
        if term.pk in seen:
            continue
        side = side_of_form(term, language, match.form)
        seen[term.pk] = {
            **entry_dict(dialogue, term, reader_language),
            "found": match.text,
            "found_lang": language,
            "neutral_here": term.texts.get(language, ""),
            "side_form": side is not None and bool(term.texts.get(language)),
        }
    return list(seen.values())


def marked(
    text: str, language: str, dialogue: Dialogue | PageGlossary, terms: list[GlossaryTerm], reader_language: str
) -> SafeString:
    """TEXT, escaped, with each glossary term in it wrapped in a link to its entry. The link speaks the
    reader's language (its title is the entry), the found words keep the text's own language."""
    matches = find_in_text(text, language, terms) if terms else []
    if not matches:
        return conditional_escape(text)
    by_id = {term.pk: term for term in terms}
    page = reverse("proposals:glossary", args=[dialogue.slug])
    parts: list[str] = []
    position = 0
    for match in matches:
        term = by_id[int(str(match.key))]
        title_lang, title = in_language(term.texts, reader_language)
        _note_lang, note = in_language(term.note, title_lang)
        parts.append(conditional_escape(text[position : match.start]))
        parts.append(
            format_html(
                '<a class="glossary-term" href="{}#term-{}" lang="{}" title="{}"><span lang="{}">{}</span></a>',
                page,
                term.pk,
                title_lang,
                f"{title} — {note}" if note else title,
                language,
                match.text,
            )
        )
        position = match.end
    parts.append(conditional_escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


@dataclass(frozen=True)
class PageGlossary:
    """The glossary terms a page marks in its statements: those of the dialogue with SLUG."""

    slug: str = ""
    terms: list[GlossaryTerm] = field(default_factory=list)


def page_glossary(dialogue: Dialogue | None) -> PageGlossary:
    """DIALOGUE's adopted terms, in one query, for `glossary_marked` to mark however many statements."""
    return PageGlossary(dialogue.slug, terms_of(dialogue)) if dialogue is not None else PageGlossary()
