"""The translators of the personas' dialogue: Bashir (side B) reads Armenian, Azerbaijani and Russian;
Aysel (side A) reads Azerbaijani and Armenian. Bella, of side B, writes in Armenian."""

from __future__ import annotations

import pytest

from parley.dialogues import actions as dialogue_actions
from parley.dialogues.models import Statement
from parley.translations import actions

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
