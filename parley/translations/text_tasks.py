"""Machine translation of free texts (hold reasons, glossary notes) in the background: the sibling of
`tasks.translate_statement`, with the same retries and backoff, queued when the text's action commits
(`dialogues.signals.free_text_written`)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from parley.dialogues.models import Dialogue
from parley.dialogues.signals import free_text_written
from parley.lang.translate import LANGUAGES, TranslationError
from parley.translations import machine
from parley.translations.tasks import backoff_seconds
from parley.translations.texts import original

logger = logging.getLogger(__name__)


@task()
def translate_text(kind: str, object_id: int, language: str, attempt: int = 1) -> str:
    """Machine-translate free text KIND OBJECT_ID into LANGUAGE; retry later if the backend may recover."""
    from parley.proposals.glossary import renderings_for
    from parley.translations.text_actions import do_record_machine_text, do_record_machine_text_failure

    found = original(kind, object_id)
    if found is None:
        return "no such text"
    if language in found.written:
        return "already in that language"
    try:
        backend = machine.configured_backend()
        if backend is None:
            return "machine translation is off"
        glossary = renderings_for(found.dialogue_id, found.language, language)
        result = backend.translate(found.text, found.language, language, glossary)
    except TranslationError as error:
        if error.retryable and attempt < settings.TRANSLATION_ATTEMPTS:
            delay = backoff_seconds(attempt)
            runner = translate_text
            if runner.get_backend().supports_defer:
                runner = runner.using(run_after=timezone.now() + timedelta(seconds=delay))
            runner.enqueue(kind, object_id, language, attempt + 1)
            logger.warning(
                "machine translation of %s %s failed (attempt %s), retrying: %s", kind, object_id, attempt, error
            )
            return f"retrying in {delay} s"
        do_record_machine_text_failure(kind, object_id, language, str(error))
        return "failed"
    do_record_machine_text(kind, object_id, language, result)
    return "translated"


def enqueue_text_translations(kind: str, object_id: int) -> list[str]:
    """Enqueue the machine translations of a free text into its dialogue's languages it lacks."""
    if not machine.enabled():
        return []
    found = original(kind, object_id)
    if found is None:
        return []
    dialogue = Dialogue.objects.filter(pk=found.dialogue_id).first()
    languages = [c for c in (dialogue.languages if dialogue else []) if c in LANGUAGES and c not in found.written]
    for code in languages:
        translate_text.enqueue(kind, object_id, code)
    return languages


def _on_free_text_written(sender: Any, kind: str, object_id: int, **kwargs: Any) -> None:
    enqueue_text_translations(kind, object_id)


free_text_written.connect(_on_free_text_written, dispatch_uid="parley.translations.text_tasks")
