"""The translators of the personas' dialogue: Bashir (side B) reads Armenian, Azerbaijani and Russian;
Aysel (side A) reads Azerbaijani and Armenian. Bella, of side B, writes in Armenian."""

from __future__ import annotations

from typing import Any

import pytest

from parley.dialogues import actions as dialogue_actions
from parley.dialogues.models import Statement
from parley.lang.translate.tests.fake_servers import serve
from parley.translations import actions
from parley.translations.tasks import translate_statement

HY_TEXT = "Գետերը պետք է մաքուր մնան երկու կողմերի համար։"
AZ_TEXT = "Çaylar hər iki tərəf üçün təmiz qalmalıdır."
RU_TEXT = "Реки должны оставаться чистыми для обеих сторон."


@pytest.fixture
def translators(world):
    actions.do_grant_translator(world.gayane, world.bashir.pk, ["az", "hy", "ru"])
    actions.do_grant_translator(world.aynur, world.aysel.pk, ["az", "hy"])
    return world


@pytest.fixture
def armenian_statement(translators) -> Statement:
    return dialogue_actions.do_submit_statement(translators.bella, HY_TEXT, "hy")


@pytest.fixture
def queue(settings):
    """Tasks are kept, not run: the test reads what was enqueued, with its arguments and run_after."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend: Any = translate_statement.get_backend()
    backend.clear()
    return backend.results


@pytest.fixture
def libre(settings):
    """A fake LibreTranslate server on loopback, configured as the backend: 3 attempts, 30 s apart at first."""
    with serve("libretranslate") as fake:
        settings.TRANSLATION_BACKEND = "libretranslate"
        settings.TRANSLATION_URL = fake.url
        settings.TRANSLATION_ATTEMPTS = 3
        settings.TRANSLATION_RETRY_SECONDS = 30
        yield fake
