"""Machine translation as configured by the PARLEY_TRANSLATION_* settings (docs/configuration.md).

`configured_backend()` gives the backend (None when machine translation is off), and a submitted
statement has its translations enqueued as background tasks (`tasks.translate_statement`); a statement
held on submit has them enqueued when it becomes visible again (`statement_visible`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

from django.conf import settings

from parley.dialogues.signals import statement_submitted, statement_visible
from parley.lang.translate import Backend, GlossaryRendering, load_backend

logger = logging.getLogger(__name__)
_cache: dict[tuple[tuple[str, str], ...], Backend | None] = {}
_lock = threading.Lock()


def backend_config() -> dict[str, str]:
    return {
        "backend": settings.TRANSLATION_BACKEND,
        "url": settings.TRANSLATION_URL,
        "key": settings.TRANSLATION_KEY,
        "model": settings.TRANSLATION_MODEL,
        "model_dir": settings.TRANSLATION_MODEL_DIR,
        "timeout": str(settings.TRANSLATION_TIMEOUT),
    }


def enabled() -> bool:
    return settings.TRANSLATION_BACKEND.strip().lower() not in ("", "none")


def configured_backend() -> Backend | None:
    """The configured backend, made once per configuration (a local model loads once per process).

    None when machine translation is off. A configuration that cannot work raises TranslationError.
    `parley demo` sets PARLEY_TRANSLATION_BACKEND=demo when nothing is configured: the demo backend
    labels the original text and translates nothing.
    """
    config = backend_config()
    key = tuple(sorted(config.items()))
    with _lock:
        if key not in _cache:
            _cache[key] = load_backend(config)
        return _cache[key]


def glossary_for(statement_id: int, source: str, target: str) -> Sequence[GlossaryRendering]:
    """The agreed renderings machine translation keeps for this statement: every rendering of an adopted
    term in SOURCE (the neutral one and both sides' own) becomes the term's neutral rendering in TARGET."""
    from parley.dialogues.models import Statement
    from parley.proposals.glossary import renderings_for

    dialogue_id = Statement.objects.filter(pk=statement_id).values_list("dialogue_id", flat=True).first()
    return () if dialogue_id is None else renderings_for(dialogue_id, source, target)


def _on_statement_submitted(sender: Any, statement_id: int, **kwargs: Any) -> None:
    from parley.translations.tasks import enqueue_translations

    enqueue_translations(statement_id)


def _on_statement_visible(sender: Any, statement_id: int, **kwargs: Any) -> None:
    from parley.translations.tasks import enqueue_translations

    enqueue_translations(statement_id, missing_only=True)


statement_submitted.connect(_on_statement_submitted, dispatch_uid="parley.translations.machine")
statement_visible.connect(_on_statement_visible, dispatch_uid="parley.translations.machine.visible")
