"""Machine translation end to end: a statement is translated by a real backend (LibreTranslate against
a fake server on loopback), keeps the glossary's agreed rendering, and is recorded with its provenance."""

from __future__ import annotations

import pytest

from parley.dialogues.models import StatementTranslation
from parley.lang.translate.tests.fake_servers import serve
from parley.ledger.models import RecordEntry
from parley.testing.personas import propose_and_approve
from parley.translations.tasks import translate_statement

pytestmark = pytest.mark.django_db

BORDER = {
    "texts": {"en": "border", "ru": "граница", "az": "sərhəd", "hy": "սահման"},
    "sides": {"1": {"ru": "линия соприкосновения"}},
    "note": {"en": "The line both sides agreed to call the border."},
}


def test_machine_translation_keeps_the_agreed_rendering_and_is_recorded_as_machine(world, settings):
    propose_and_approve(world.aynur, world.gayane, "glossary", BORDER)
    statement = world.statement("bashir", "Линия соприкосновения должна стать мирной.", "ru")
    with serve("libretranslate") as fake:
        settings.TRANSLATION_BACKEND = "libretranslate"
        settings.TRANSLATION_URL = fake.url
        assert translate_statement.call(statement.pk, "hy") == "translated"
    # The term reached the server as a placeholder, never as the side's own wording ...
    sent = next(r["body"]["q"] for r in fake.requests if r["path"] == "/translate")
    assert "соприкосновения" not in sent
    # ... and came back as the neutral Armenian rendering both sides adopted.
    translation = StatementTranslation.objects.get(statement=statement, language="hy")
    assert "սահման" in translation.text
    assert (translation.source, translation.status, translation.backend) == ("machine", "machine", "libretranslate")
    entry = RecordEntry.objects.filter(dialogue=world.dialogue, type="translation.machine").get()
    assert b'"backend":"libretranslate"' in bytes(entry.data)
