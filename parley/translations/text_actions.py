"""Writes of free-text translations (hold reasons, glossary notes): the same workflow and the same
record entries as statements' translations, whose payload names the text with `about` (its kind),
`object` and `source` (the original's language) instead of `statement`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.dialogues.access import ActionError, check_can_take_part, require_member
from parley.dialogues.models import LANGUAGE_CODES, Membership
from parley.dialogues.validation import clean_statement_text
from parley.lang import normalise_text
from parley.ledger import log
from parley.record.entries import TRANSLATION_DISPUTED, TRANSLATION_MACHINE, TRANSLATION_PROPOSED, TRANSLATION_REVIEWED
from parley.translations import access
from parley.translations.actions import MachineResultLike, clean_reason
from parley.translations.models import TextTranslation
from parley.translations.texts import Original, original

logger = logging.getLogger(__name__)
Status, Source = TextTranslation.Status, TextTranslation.Source


def _about(found: Original, language: str) -> dict[str, Any]:
    return {"about": found.kind, "object": found.object_id, "source": found.language, "language": language}


def access_text(member: Membership, kind: object, object_id: object, language: object) -> Original:
    """A free text of the member's dialogue, and a language of the dialogue it is not written in."""
    found = original(kind, object_id)
    if found is None or found.dialogue_id != member.dialogue_id:
        raise ActionError(_("That text does not exist."), field="object")
    if not isinstance(language, str) or language not in member.dialogue.languages:
        raise ActionError(_("Choose one of the dialogue's languages."), field="language")
    if language in found.written:
        raise ActionError(_("The text is already written in that language."), field="language")
    return found


def _current(found: Original, language: str) -> TextTranslation | None:
    return (
        TextTranslation.objects.select_for_update(of=("self",))
        .filter(kind=found.kind, object_id=found.object_id, language=language)
        .select_related("translator__side")
        .first()
    )


def _replace(found: Original, language: str, seq: int | None, **fields: Any) -> TextTranslation:
    blank = {"reviewer": None, "disputed_by": None, "dispute_reason": "", "backend": "", "model": "", "pivot": ""}
    values = {**blank, "translator": None, **fields, "seq": seq, "created_at": timezone.now()}
    values["source_language"] = found.language
    translation, _created = TextTranslation.objects.update_or_create(
        kind=found.kind, object_id=found.object_id, language=language, dialogue_id=found.dialogue_id, defaults=values
    )
    return translation


@transaction.atomic
def do_propose_text_translation(
    member: Membership | None, kind: object, object_id: object, language: object, text: object
) -> TextTranslation:
    """A translator's rendering of a free text (new, or correcting the current one): for the other side to review."""
    member = check_can_take_part(require_member(member))
    found = access_text(member, kind, object_id, language)
    assert isinstance(language, str)
    if access.active_translator(member) is None:
        raise PermissionDenied(_("Only translators can propose translations."))
    if not access.translates(member, found.language, language):
        raise PermissionDenied(_("You are not a translator for these languages."))
    cleaned = clean_statement_text(text)
    current = _current(found, language)
    if current is not None and current.text == cleaned and current.source != Source.MACHINE:
        raise ActionError(_("This is already the translation's text."), field="text")
    payload = {
        **_about(found, language),
        "text": log.Private(cleaned),
        "provenance": "human",
        "translator": member.pk,
        "side": member.side.label,
    }
    entry = log.append(found.dialogue_id, TRANSLATION_PROPOSED, payload, actor=member)
    return _replace(
        found, language, entry.seq, text=cleaned, source=Source.HUMAN, status=Status.PROPOSED, translator=member
    )


def _translation_of(
    member: Membership | None, kind: object, object_id: object, language: object
) -> tuple[Original, TextTranslation]:
    member = require_member(member)
    found = access_text(member, kind, object_id, language)
    current = _current(found, str(language))
    if current is None or not current.text:
        raise Http404(_("This text has no translation in that language yet."))
    return found, current


@transaction.atomic
def do_review_text_translation(
    member: Membership | None, kind: object, object_id: object, language: object, version: object = access.CURRENT
) -> TextTranslation:
    """The other side accepts the rendering of a free text it read (VERSION; refused when it changed since)."""
    found, translation = _translation_of(member, kind, object_id, language)
    access.check_version(translation, version)
    member = access.check_can_review(member, translation)  # type: ignore[arg-type]
    payload = {
        **_about(found, translation.language),
        "version": translation.seq,
        "member": member.pk,
        "side": member.side.label,
    }
    log.append(found.dialogue_id, TRANSLATION_REVIEWED, payload, actor=member)
    translation.status, translation.reviewer = Status.REVIEWED, member
    translation.save(update_fields=["status", "reviewer"])
    return translation


@transaction.atomic
def do_dispute_text_translation(
    member: Membership | None,
    kind: object,
    object_id: object,
    language: object,
    reason: object,
    version: object = access.CURRENT,
) -> TextTranslation:
    """Either side says the rendering of a free text it read (VERSION) is wrong, and why: back to the queue."""
    found, translation = _translation_of(member, kind, object_id, language)
    access.check_version(translation, version)
    member = access.check_can_dispute(member, translation)  # type: ignore[arg-type]
    cleaned = clean_reason(reason)
    payload = {
        **_about(found, translation.language),
        "version": translation.seq,
        "member": member.pk,
        "side": member.side.label,
        "reason": log.Private(cleaned),
    }
    log.append(found.dialogue_id, TRANSLATION_DISPUTED, payload, actor=member)
    translation.status, translation.disputed_by, translation.dispute_reason = Status.DISPUTED, member, cleaned
    translation.save(update_fields=["status", "disputed_by", "dispute_reason"])
    return translation


def _machine_target(kind: str, object_id: int, language: str) -> tuple[Original, TextTranslation | None] | None:
    found = original(kind, object_id)
    if found is None or language not in LANGUAGE_CODES or language in found.written:
        return None
    current = _current(found, language)
    if current is not None and current.source != Source.MACHINE and current.text:
        return None  # never replaces a person's translation
    return found, current


@transaction.atomic
def do_record_machine_text(
    kind: str, object_id: int, language: str, result: MachineResultLike
) -> TextTranslation | None:
    """Record a machine's rendering of a free text; None when a person's is there already or the text is gone."""
    target = _machine_target(kind, object_id, language)
    text = normalise_text(result.text) if isinstance(result.text, str) else ""
    if target is None or not text:
        return None
    found, _current_translation = target
    payload = {
        **_about(found, language),
        "text": log.Private(text),
        "backend": result.backend,
        "model": result.model,
        "pivot": result.pivot,
    }
    entry = log.append(found.dialogue_id, TRANSLATION_MACHINE, payload)
    return _replace(
        found, language, entry.seq, text=text, source=Source.MACHINE, status=Status.MACHINE,
        backend=result.backend[:40], model=result.model[:200], pivot=(result.pivot or "")[:5],
    )  # fmt: skip


@transaction.atomic
def do_record_machine_text_failure(kind: str, object_id: int, language: str, reason: str) -> None:
    """The machine could not translate: readers see the original, labelled. No record entry."""
    logger.warning("machine translation of %s %s into %s failed: %s", kind, object_id, language, reason)
    target = _machine_target(kind, object_id, language)
    if target is None or (target[1] is not None and target[1].text):
        return
    _replace(target[0], language, None, text="", source=Source.MACHINE, status=Status.FAILED)
