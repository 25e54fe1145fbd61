"""The actions the machine translation task calls: a machine text never replaces a person's, a failure
leaves the original readable, and a new statement signals once its transaction commits."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from parley.dialogues import actions as dialogue_actions
from parley.dialogues import signals
from parley.dialogues.models import StatementTranslation
from parley.ledger.models import RecordEntry
from parley.ledger.openings import opened_entries
from parley.translations import actions
from parley.translations.tests.conftest import AZ_TEXT

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Result:
    text: str
    backend: str = "libretranslate"
    model: str = "nllb-200-distilled-600M"
    pivot: str | None = None


def test_a_machine_translation_is_recorded_with_its_backend_model_and_pivot(translators, armenian_statement):
    world, statement = translators, armenian_statement
    made = actions.do_record_machine_translation(statement.pk, "az", Result("Çaylar təmiz olmalıdır.", pivot="en"))
    assert made is not None
    assert (made.source, made.status, made.backend, made.model, made.pivot) == (
        "machine",
        "machine",
        "libretranslate",
        "nllb-200-distilled-600M",
        "en",
    )
    entry = opened_entries(world.dialogue.pk, RecordEntry.objects.filter(type="translation.machine"))[0]
    assert entry["actor"] is None
    assert entry["payload"] == {
        "statement": statement.pk,
        "language": "az",
        "text": "Çaylar təmiz olmalıdır.",
        "backend": "libretranslate",
        "model": "nllb-200-distilled-600M",
        "pivot": "en",
    }


def test_a_machine_translation_never_replaces_a_human_or_author_translation(translators, armenian_statement):
    world, statement = translators, armenian_statement
    actions.do_propose_translation(world.bashir, statement.pk, "az", AZ_TEXT)
    assert actions.do_record_machine_translation(statement.pk, "az", Result("Başqa mətn.")) is None
    authored = dialogue_actions.do_submit_statement(world.alice, "Share the data.", "en", {"ru": "Делитесь данными."})
    assert actions.do_record_machine_translation(authored.pk, "ru", Result("Поделитесь данными.")) is None
    assert StatementTranslation.objects.get(statement=statement, language="az").text == AZ_TEXT
    assert StatementTranslation.objects.get(statement=authored, language="ru").source == "author"
    assert not RecordEntry.objects.filter(type="translation.machine").exists()


def test_a_machine_translation_of_a_missing_statement_or_language_is_ignored(translators, armenian_statement):
    statement = armenian_statement
    assert actions.do_record_machine_translation(statement.pk, "hy", Result("x")) is None  # its own language
    assert actions.do_record_machine_translation(statement.pk, "de", Result("x")) is None
    assert actions.do_record_machine_translation(999_999, "az", Result("x")) is None
    assert actions.do_record_machine_translation(statement.pk, "az", Result("   ")) is None


def test_a_failed_machine_translation_leaves_the_original_with_a_label(translators, armenian_statement, client):
    world, statement = translators, armenian_statement
    actions.do_record_machine_failure(statement.pk, "en", "connection refused")
    failed = StatementTranslation.objects.get(statement=statement, language="en")
    assert (failed.status, failed.text) == ("failed", "")
    assert not RecordEntry.objects.filter(type__startswith="translation.").exists()
    page = client.get(f"/d/{world.dialogue.slug}/results/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "machine translation failed; the original is shown" in page
    # A later success replaces the failure.
    assert actions.do_record_machine_translation(statement.pk, "en", Result("Rivers must stay clean.")) is not None


def test_a_new_statement_is_signalled_once_its_transaction_commits(world, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, statement_id, **kwargs):
        received.append(statement_id)

    signals.statement_submitted.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            statement = dialogue_actions.do_submit_statement(world.alice, "Open the archives.", "en")
        assert received == []  # not before the commit
        for callback in callbacks:
            callback()
    finally:
        signals.statement_submitted.disconnect(receiver)
    assert received == [statement.pk]
