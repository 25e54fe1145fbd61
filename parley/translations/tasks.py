"""Machine translation in the background: one task per statement and language, retried with
exponential backoff, never in the way of a vote (it is enqueued when the statement commits).

A translation goes to t1's actions through RECORDER: `do_record_machine_translation` on success,
`do_record_machine_failure` when the backend refused or kept failing, so readers see the original
with "machine translation failed".
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from parley.dialogues.models import Statement, StatementTranslation
from parley.lang.translate import LANGUAGES, MachineResult, TranslationError
from parley.translations import machine

logger = logging.getLogger(__name__)
MAX_DELAY_SECONDS = 6 * 60 * 60


class Recorder(Protocol):
    def success(self, statement_id: int, language: str, result: MachineResult) -> object: ...
    def failure(self, statement_id: int, language: str, reason: str) -> object: ...


class ActionRecorder:
    """Records through the translations app's actions (the only writers of translations)."""

    def success(self, statement_id: int, language: str, result: MachineResult) -> object:
        from parley.translations.actions import do_record_machine_translation  # type: ignore[import-not-found]

        return do_record_machine_translation(statement_id, language, result)

    def failure(self, statement_id: int, language: str, reason: str) -> object:
        from parley.translations.actions import do_record_machine_failure  # type: ignore[import-not-found]

        return do_record_machine_failure(statement_id, language, reason)


RECORDER: Recorder = ActionRecorder()


def backoff_seconds(attempt: int) -> int:
    """Seconds to wait after failed attempt ATTEMPT (1, 2, ...): the base, doubled each time, capped."""
    return min(MAX_DELAY_SECONDS, settings.TRANSLATION_RETRY_SECONDS * 2 ** (attempt - 1))


def _retry(statement_id: int, language: str, attempt: int) -> int:
    delay = backoff_seconds(attempt)
    runner = translate_statement
    if runner.get_backend().supports_defer:
        runner = runner.using(run_after=timezone.now() + timedelta(seconds=delay))
    runner.enqueue(statement_id, language, attempt + 1)
    return delay


def _not_to_send(statement: Statement) -> str:
    """Why STATEMENT's text must not go to the backend (a third party), or "" when it may: a statement
    on hold or removed is hidden by the moderators, a withdrawn one is gone from the record."""
    if statement.withdrawn_rule or not statement.text.strip():
        return "withdrawn"
    if statement.status != Statement.Status.VISIBLE:
        return "not visible"
    return ""


@task()
def translate_statement(statement_id: int, language: str, attempt: int = 1) -> str:
    """Machine-translate statement STATEMENT_ID into LANGUAGE; retry later if the backend may recover."""
    statement = Statement.objects.filter(pk=statement_id).only("text", "language", "status", "withdrawn_rule").first()
    if statement is None:
        return "no such statement"
    skipped = _not_to_send(statement)
    if skipped:
        return f"skipped: {skipped}"
    if statement.language == language:
        return "already in that language"
    try:
        backend = machine.configured_backend()
        if backend is None:
            return "machine translation is off"
        glossary = machine.glossary_for(statement_id, statement.language, language)
        result = backend.translate(statement.text, statement.language, language, glossary)
    except TranslationError as error:
        if error.retryable and attempt < settings.TRANSLATION_ATTEMPTS:
            delay = _retry(statement_id, language, attempt)
            logger.warning(
                "machine translation of statement %s into %s failed (attempt %s), retrying in %s s: %s",
                statement_id, language, attempt, delay, error,
            )  # fmt: skip
            return f"retrying in {delay} s"
        logger.warning("machine translation of statement %s into %s failed: %s", statement_id, language, error)
        RECORDER.failure(statement_id, language, str(error))
        return "failed"
    RECORDER.success(statement_id, language, result)
    return "translated"


def enqueue_translations(statement_id: int, *, missing_only: bool = False) -> list[str]:
    """Enqueue the machine translations of a submitted statement, once its transaction commits:
    one per language of its dialogue other than its own and those a person translated already (the
    author, typically): a machine never replaces their text, so it is not asked. Returns those languages.

    Nothing for a statement that is not visible (held, removed) or withdrawn: its text goes to no
    backend; it gets its translations when it becomes visible again, with MISSING_ONLY (a machine text
    it got before it was hidden is not asked for again)."""
    if not machine.enabled():
        return []
    statement = Statement.objects.select_related("dialogue").filter(pk=statement_id).first()
    if statement is None or _not_to_send(statement):
        return []
    done = StatementTranslation.objects.filter(statement=statement).exclude(text="")
    if not missing_only:
        done = done.exclude(source=StatementTranslation.Source.MACHINE)
    translated = set(done.values_list("language", flat=True))
    languages = [
        code
        for code in statement.dialogue.languages
        if code in LANGUAGES and code != statement.language and code not in translated
    ]
    for code in languages:
        transaction.on_commit(lambda code=code: translate_statement.enqueue(statement_id, code))  # type: ignore[misc]
    return languages
