"""Every write of the translation workflow: validate, check permission, write the rows and the record
entry, in one transaction.

Texts and reasons go into the record sealed (`log.Private`), so that a statement's withdrawal can
withdraw its translations too. The machine translation task calls `do_record_machine_translation`
and `do_record_machine_failure`; they have no actor.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.dialogues.access import ActionError, require_member
from parley.dialogues.models import LANGUAGE_CODES, Membership, Statement, StatementTranslation
from parley.dialogues.validation import clean_statement_text
from parley.lang import normalise_text
from parley.ledger import log
from parley.record.entries import (
    TRANSLATION_DISPUTED,
    TRANSLATION_MACHINE,
    TRANSLATION_PROPOSED,
    TRANSLATION_REVIEWED,
    TRANSLATOR_GRANTED,
    TRANSLATOR_WITHDRAWN,
)
from parley.translations import access
from parley.translations.models import TranslationVersion, Translator

logger = logging.getLogger(__name__)

REASON_MAX = 500
Status = StatementTranslation.Status
Source = StatementTranslation.Source


class MachineResultLike(Protocol):
    """What a machine translation backend returns (`parley.lang.translate.MachineResult`)."""

    @property
    def text(self) -> str: ...
    @property
    def backend(self) -> str: ...
    @property
    def model(self) -> str: ...
    @property
    def pivot(self) -> str | None: ...


# --- translators -------------------------------------------------------------------------------


def clean_languages(value: object, allowed: list[str]) -> list[str]:
    codes = [value] if isinstance(value, str) else value
    if not isinstance(codes, list | tuple) or not all(isinstance(c, str) for c in codes):
        raise ActionError(_("Choose at least two of the dialogue's languages."), field="languages")
    chosen = [code for code in allowed if code in codes]
    if len(chosen) < 2 or len(chosen) != len(set(codes)):
        raise ActionError(_("Choose at least two of the dialogue's languages."), field="languages")
    return chosen


@transaction.atomic
def do_grant_translator(granter: Membership | None, membership_id: object, languages: object) -> Translator:
    """Make a member of the granter's side a translator for LANGUAGES (or change their languages)."""
    granter = access.check_can_appoint(granter)
    member = access.access_member_to_appoint(granter, membership_id)
    chosen = clean_languages(languages, list(granter.dialogue.languages))
    translator, _created = Translator.objects.update_or_create(
        membership=member,
        defaults={"languages": chosen, "granted_by": granter, "granted_at": timezone.now(), "withdrawn_at": None},
    )
    log.append(
        member.dialogue_id,
        TRANSLATOR_GRANTED,
        # Translators act by name: readers see who translated, so the grant names them.
        {"member": member.pk, "handle": log.Private(member.handle), "side": member.side.label, "languages": chosen},
        actor=granter,
    )
    return translator


@transaction.atomic
def do_withdraw_translator(granter: Membership | None, membership_id: object) -> Translator:
    """Take the translator capability back; their translations stay, with their name."""
    granter = access.check_can_appoint(granter)
    member = access.access_member_to_appoint(granter, membership_id)
    translator = Translator.objects.select_for_update().filter(membership=member, withdrawn_at__isnull=True).first()
    if translator is None:
        raise ActionError(_("This member is not a translator."), field="member")
    translator.withdrawn_at = timezone.now()
    translator.save(update_fields=["withdrawn_at"])
    log.append(
        member.dialogue_id, TRANSLATOR_WITHDRAWN, {"member": member.pk, "side": member.side.label}, actor=granter
    )
    return translator


# --- human translations ------------------------------------------------------------------------


def _keep_version(current: StatementTranslation) -> None:
    """Keep the text about to be replaced, with its provenance: earlier versions are never lost."""
    if not current.text:
        return
    TranslationVersion.objects.create(
        statement_id=current.statement_id,
        language=current.language,
        text=current.text,
        source=current.source,
        status=current.status,
        translator=current.translator,
        reviewer=current.reviewer,
        backend=current.backend,
        model=current.model,
        pivot=current.pivot,
        seq=current.seq,
        created_at=current.created_at,
    )


def _replace(statement: Statement, language: str, seq: int, **fields: Any) -> StatementTranslation:
    current = StatementTranslation.objects.select_for_update().filter(statement=statement, language=language).first()
    blank = {
        "reviewer": None,
        "disputed_by": None,
        "dispute_reason": "",
        "backend": "",
        "model": "",
        "pivot": "",
        "translator": None,
    }
    values = {**blank, **fields, "seq": seq, "created_at": timezone.now()}
    if current is None:
        return StatementTranslation.objects.create(statement=statement, language=language, **values)
    _keep_version(current)
    for name, value in values.items():
        setattr(current, name, value)
    current.save()
    return current


@transaction.atomic
def do_propose_translation(
    member: Membership | None, statement_id: object, language: object, text: object
) -> StatementTranslation:
    """A translator's rendering (new, or correcting the current one): proposed, for the other side to review."""
    member = require_member(member)
    statement = access.access_statement_for_translation(member, statement_id, language)
    assert isinstance(language, str)
    member = access.check_can_propose(member, statement, language)
    cleaned = clean_statement_text(text)
    current = StatementTranslation.objects.filter(statement=statement, language=language).first()
    if current is not None and current.text == cleaned and current.source != Source.MACHINE:
        raise ActionError(_("This is already the translation's text."), field="text")
    entry = log.append(
        statement.dialogue_id,
        TRANSLATION_PROPOSED,
        {
            "statement": statement.pk,
            "language": language,
            "text": log.Private(cleaned),
            "provenance": "human",
            "translator": member.pk,
            "side": member.side.label,
        },
        actor=member,
    )
    return _replace(
        statement, language, entry.seq, text=cleaned, source=Source.HUMAN, status=Status.PROPOSED, translator=member
    )


def _translation_of(member: Membership | None, statement_id: object, language: object) -> StatementTranslation:
    member = require_member(member)
    statement = access.access_statement_for_translation(member, statement_id, language)
    assert isinstance(language, str)
    return access.access_translation(statement, language)


@transaction.atomic
def do_review_translation(
    member: Membership | None, statement_id: object, language: object, version: object = access.CURRENT
) -> StatementTranslation:
    """The other side accepts the rendering it read (VERSION: the seq the queue gave; refused when the
    text changed since): both sides now stand behind it."""
    translation = _translation_of(member, statement_id, language)
    access.check_version(translation, version)
    member = access.check_can_review(member, translation)
    log.append(
        translation.statement.dialogue_id,
        TRANSLATION_REVIEWED,
        {
            "statement": translation.statement_id,
            "language": translation.language,
            "version": translation.seq,
            "member": member.pk,
            "side": member.side.label,
        },
        actor=member,
    )
    translation.status, translation.reviewer = Status.REVIEWED, member
    translation.save(update_fields=["status", "reviewer"])
    return translation


def clean_reason(value: object) -> str:
    reason = normalise_text(value) if isinstance(value, str) else ""
    if not reason:
        raise ActionError(_("Say what is wrong with this translation."), field="reason")
    if len(reason) > REASON_MAX:
        raise ActionError(_("Keep the reason under %(n)s characters.") % {"n": REASON_MAX}, field="reason")
    return reason


@transaction.atomic
def do_dispute_translation(
    member: Membership | None, statement_id: object, language: object, reason: object, version: object = access.CURRENT
) -> StatementTranslation:
    """Either side says the rendering it read (VERSION) is wrong, and why: back to the translators' queue."""
    translation = _translation_of(member, statement_id, language)
    access.check_version(translation, version)
    member = access.check_can_dispute(member, translation)
    cleaned = clean_reason(reason)
    log.append(
        translation.statement.dialogue_id,
        TRANSLATION_DISPUTED,
        {
            "statement": translation.statement_id,
            "language": translation.language,
            "version": translation.seq,
            "member": member.pk,
            "side": member.side.label,
            "reason": log.Private(cleaned),
        },
        actor=member,
    )
    translation.status, translation.disputed_by, translation.dispute_reason = Status.DISPUTED, member, cleaned
    translation.save(update_fields=["status", "disputed_by", "dispute_reason"])
    return translation


# --- machine translations (called by the background task, no actor) ----------------------------


def _machine_target(statement_id: int, language: str) -> tuple[Statement, StatementTranslation | None] | None:
    """The statement and its current translation, if a machine may still write this one."""
    statement = (
        Statement.objects.select_for_update(of=("self",))
        .filter(pk=statement_id, status=Statement.Status.VISIBLE, withdrawn_rule="")
        .select_related("dialogue")
        .first()
    )
    if statement is None or language not in LANGUAGE_CODES or language == statement.language:
        return None
    if language not in statement.dialogue.languages:
        return None
    current = StatementTranslation.objects.select_for_update().filter(statement=statement, language=language).first()
    if current is not None and current.source != Source.MACHINE and current.text:
        return None  # never replaces a human or author translation
    return statement, current


@transaction.atomic
def do_record_machine_translation(
    statement_id: int, language: str, result: MachineResultLike
) -> StatementTranslation | None:
    """Record a machine's rendering; None when a person's translation is there already, or the
    statement is gone. A disputed machine text is replaced by a new machine text."""
    target = _machine_target(statement_id, language)
    text = normalise_text(result.text) if isinstance(result.text, str) else ""
    if target is None or not text:
        return None
    statement, _current = target
    pivot = result.pivot or ""
    entry = log.append(
        statement.dialogue_id,
        TRANSLATION_MACHINE,
        {
            "statement": statement.pk,
            "language": language,
            "text": log.Private(text),
            "backend": result.backend,
            "model": result.model,
            "pivot": result.pivot,
        },
    )
    return _replace(
        statement,
        language,
        entry.seq,
        text=text,
        source=Source.MACHINE,
        status=Status.MACHINE,
        backend=result.backend[:40],
        model=result.model[:200],
        pivot=pivot[:5],
    )


@transaction.atomic
def do_record_machine_failure(statement_id: int, language: str, reason: str) -> None:
    """The machine could not translate: readers see the original with a clear label. No record entry
    (nothing public changed; the reason may name the operator's servers), only the operator's log."""
    logger.warning("machine translation of statement %s into %s failed: %s", statement_id, language, reason)
    target = _machine_target(statement_id, language)
    if target is None:
        return
    statement, current = target
    if current is not None and current.text:
        return  # an earlier machine text stays readable
    if current is None:
        StatementTranslation.objects.create(
            statement=statement, language=language, text="", source=Source.MACHINE, status=Status.FAILED
        )
    else:
        current.status = Status.FAILED
        current.save(update_fields=["status"])


# --- withdrawal ---------------------------------------------------------------------------------


def blank_withdrawn_versions(sender: object, statement_id: int, **kwargs: Any) -> None:
    """A statement's text was withdrawn (in the caller's transaction): blank its earlier translations too."""
    TranslationVersion.objects.filter(statement_id=statement_id).update(text="")
