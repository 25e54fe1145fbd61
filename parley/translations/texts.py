"""The free texts of the two sides that are translated like statements: a hold's public reason, a
glossary note, the moderation policy (one per adoption: its object is the adopting proposal) and a
joint statement's title. Each KIND says where its original is, in which language, and in which dialogue.

Readers get a text in their language with the translation's label and the original one click away
(`reading`, used by the `free_text` template tag); the translators' queue lists the texts still to
translate, review or correct (`originals_of`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from parley.dialogues import queries as dialogue_queries
from parley.dialogues.models import Dialogue
from parley.dialogues.provenance import provenance
from parley.joint.models import JointStatement
from parley.moderation.models import Hold, ModerationPolicy
from parley.proposals.models import GlossaryTerm
from parley.translations.models import TextTranslation

HOLD_REASON, GLOSSARY_NOTE, POLICY_TEXT, JOINT_TITLE = "hold.reason", "glossary.note", "policy.text", "joint.title"
KINDS = {
    HOLD_REASON: gettext_lazy("Public reason of a hold"),
    GLOSSARY_NOTE: gettext_lazy("Glossary note"),
    POLICY_TEXT: gettext_lazy("Moderation policy"),
    JOINT_TITLE: gettext_lazy("Title of a joint statement"),
}


@dataclass(frozen=True)
class Original:
    kind: str
    object_id: int
    dialogue_id: int
    language: str
    text: str
    # Languages that have a text written by people already (a glossary note may come in several).
    written: tuple[str, ...] = ()


def _first_language(texts: dict[str, Any], languages: list[str]) -> str:
    for code in languages:
        if str(texts.get(code, "")).strip():
            return code
    return ""


def _hold(hold: Hold, languages: list[str]) -> Original:
    language = hold.language or (languages[0] if languages else "")
    return Original(HOLD_REASON, hold.pk, hold.dialogue_id, language, hold.reason, (language,))


def _per_language(kind: str, pk: int, dialogue_id: int, texts: dict[str, Any], languages: list[str]) -> Original | None:
    """A text both sides wrote in one or more languages: the first of them is the original."""
    language = _first_language(texts, languages)
    if not language:
        return None
    written = tuple(code for code in languages if str(texts.get(code, "")).strip())
    return Original(kind, pk, dialogue_id, language, str(texts[language]), written)


def _note(term: GlossaryTerm, languages: list[str]) -> Original | None:
    return _per_language(GLOSSARY_NOTE, term.pk, term.dialogue_id, term.note, languages)


def _policy(policy: ModerationPolicy, languages: list[str]) -> Original | None:
    return _per_language(POLICY_TEXT, policy.proposal_id, policy.dialogue_id, policy.texts, languages)


def _title(joint: JointStatement, languages: list[str]) -> Original | None:
    return _per_language(JOINT_TITLE, joint.pk, joint.dialogue_id, joint.title, languages)


def original(kind: object, object_id: object) -> Original | None:
    """The original of one free text, or None when there is no such text."""
    try:
        pk = int(str(object_id))
    except ValueError:
        return None
    if kind == HOLD_REASON:
        hold = Hold.objects.select_related("dialogue").filter(pk=pk).first()
        return _hold(hold, list(hold.dialogue.languages)) if hold and hold.reason.strip() else None
    if kind == GLOSSARY_NOTE:
        term = GlossaryTerm.objects.select_related("dialogue").filter(pk=pk).first()
        return _note(term, list(term.dialogue.languages)) if term else None
    if kind == POLICY_TEXT:  # only the policy in force: an earlier adoption's text is not translated any more
        policy = ModerationPolicy.objects.select_related("dialogue").filter(proposal_id=pk).first()
        return _policy(policy, list(policy.dialogue.languages)) if policy else None
    if kind == JOINT_TITLE:
        joint = JointStatement.objects.select_related("dialogue").filter(pk=pk).first()
        return _title(joint, list(joint.dialogue.languages)) if joint else None
    return None


def originals_of(dialogue: Dialogue) -> list[Original]:
    """Every free text of the dialogue that readers of another language may need translated."""
    languages = list(dialogue.languages)
    holds = Hold.objects.filter(dialogue=dialogue).exclude(reason="").order_by("id")
    found: list[Original] = [_hold(h, languages) for h in holds]
    others = [_note(term, languages) for term in GlossaryTerm.objects.filter(dialogue=dialogue)]
    others += [_policy(policy, languages) for policy in ModerationPolicy.objects.filter(dialogue=dialogue)]
    others += [_title(joint, languages) for joint in JointStatement.objects.filter(dialogue=dialogue).order_by("id")]
    return found + [text for text in others if text is not None]


def reading(
    kind: str,
    object_id: int,
    text: str,
    text_language: str,
    language: str,
    cache: dict[str, Any] | None = None,
    dialogue_slug: str = "",
) -> dict[str, Any]:
    """What a reader of LANGUAGE sees of a free text: the same keys as a statement's dict for the
    shared include (`text`, `lang`, `is_translation`, `translation`, `original`, ...).

    With the page's DIALOGUE_SLUG and a per-request CACHE, the dialogue's translations of the kind are
    read once however many texts a page shows; without, only this text's."""
    rows = TextTranslation.objects.filter(kind=kind).select_related(
        "translator__side", "reviewer__side", "disputed_by__side"
    )
    key = f"free-text:{kind}:{dialogue_slug}"
    if not text_language or text_language == language:
        found = {}  # the reader reads the original
    elif cache is not None and dialogue_slug and key in cache:
        found = cache[key]
    elif cache is not None and dialogue_slug:
        found = cache[key] = {(t.object_id, t.language): t for t in rows.filter(dialogue__slug=dialogue_slug)}
    else:
        found = {(t.object_id, t.language): t for t in rows.filter(object_id=object_id)}
    translation = found.get((object_id, language)) if text_language and text_language != language else None
    shown: dict[str, Any] = {
        "id": object_id,
        "text": text,
        "lang": text_language,
        "original": text,
        "original_language": text_language,
        "original_language_name": dialogue_queries.language_name(text_language) if text_language else "",
        "is_translation": False,
        "translation": None,
        "translation_failed": translation is not None and translation.status == TextTranslation.Status.FAILED,
        "withdrawn": False,
    }
    if translation is not None and translation.text:
        shown.update(
            text=translation.text,
            lang=language,
            is_translation=True,
            translation=provenance(translation, language, dialogue_queries.language_name),  # type: ignore[arg-type]
        )
    return shown
