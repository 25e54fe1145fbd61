"""The background task that machine-translates statements: success, retries with doubling waits,
giving up, and enqueueing when a statement is submitted. The backend is real (LibreTranslate
against a fake server on loopback); only the recording actions are stood in for."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from parley.dialogues.signals import statement_submitted
from parley.lang.translate import MachineResult
from parley.translations import machine, tasks
from parley.translations.tasks import enqueue_translations, translate_statement

pytestmark = pytest.mark.django_db


class Recorder:
    def __init__(self):
        self.successes = []
        self.failures = []

    def success(self, statement_id, language, result):
        self.successes.append((statement_id, language, result))

    def failure(self, statement_id, language, reason):
        self.failures.append((statement_id, language, reason))


@pytest.fixture
def recorder(monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(tasks, "RECORDER", recorder)
    return recorder


def test_a_translation_is_recorded_with_its_provenance(world, libre, recorder, queue):
    statement = world.statement("alice", "Çaylar bizim ümumi sərvətimizdir.", "az")
    assert translate_statement.call(statement.pk, "hy") == "translated"
    assert recorder.successes == [
        (
            statement.pk,
            "hy",
            MachineResult(text="<hy> Çaylar bizim ümumi sərvətimizdir.", backend="libretranslate", model=""),
        )
    ]
    assert recorder.failures == [] and queue == []


def test_a_failing_server_is_retried_with_doubling_waits_then_given_up_with_the_reason(world, libre, recorder, queue):
    statement = world.statement("alice", "Salam.", "az")
    libre.script = [(503, {"error": "overloaded"})] * 3
    started = timezone.now()
    assert translate_statement.call(statement.pk, "hy") == "retrying in 30 s"
    assert translate_statement.call(statement.pk, "hy", 2) == "retrying in 60 s"
    assert [result.args for result in queue] == [[statement.pk, "hy", 2], [statement.pk, "hy", 3]]
    waits = [result.task.run_after - started for result in queue]
    assert timedelta(seconds=30) <= waits[0] < timedelta(seconds=35)
    assert timedelta(seconds=60) <= waits[1] < timedelta(seconds=65)
    assert recorder.failures == []
    assert translate_statement.call(statement.pk, "hy", 3) == "failed"
    assert len(queue) == 2 and recorder.successes == []
    ((statement_id, language, reason),) = recorder.failures
    assert (statement_id, language) == (statement.pk, "hy") and "HTTP 503: overloaded" in reason


def test_a_server_that_recovers_gets_the_translation_recorded(world, libre, recorder, queue):
    statement = world.statement("alice", "Salam.", "az")
    libre.script = [(502, b"")]
    translate_statement.call(statement.pk, "ru")
    (retry,) = queue
    assert translate_statement.call(*retry.args) == "translated"
    assert [(s, lang, r.text) for s, lang, r in recorder.successes] == [(statement.pk, "ru", "<ru> Salam.")]


def test_a_refused_request_is_given_up_at_once(world, libre, recorder, queue):
    statement = world.statement("alice", "Salam.", "az")
    libre.script = [(403, {"error": "Invalid API key"})]
    assert translate_statement.call(statement.pk, "hy") == "failed"
    assert queue == [] and "Invalid API key" in recorder.failures[0][2]


def test_a_configuration_that_cannot_work_fails_with_the_setting_to_fix(world, settings, recorder, queue):
    settings.TRANSLATION_BACKEND = "openai"
    settings.TRANSLATION_URL = "http://127.0.0.1:9/v1"
    statement = world.statement("alice", "Salam.", "az")
    assert translate_statement.call(statement.pk, "hy") == "failed"
    assert "needs PARLEY_TRANSLATION_MODEL" in recorder.failures[0][2] and queue == []


def test_submitting_a_statement_enqueues_one_translation_per_other_language_on_commit(
    world, libre, queue, django_capture_on_commit_callbacks
):
    statement = world.statement("alice", "Salam.", "az")
    queue.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        statement_submitted.send(sender=None, statement_id=statement.pk)
        assert queue == []  # nothing leaves before the commit
    assert len(callbacks) == 3
    assert sorted(result.args[1] for result in queue) == ["en", "hy", "ru"]
    assert {result.args[0] for result in queue} == {statement.pk}


def test_languages_the_author_translated_are_not_sent_to_the_machine(world, libre, queue):
    from parley.dialogues import actions

    statement = actions.do_submit_statement(world.members["alice"], "Salam.", "az", translations={"en": "Hello."})
    assert enqueue_translations(statement.pk) == ["hy", "ru"]


def test_nothing_is_enqueued_when_machine_translation_is_off(world, settings, queue):
    settings.TRANSLATION_BACKEND = "none"
    statement = world.statement("alice", "Salam.", "az")
    assert enqueue_translations(statement.pk) == []
    assert machine.configured_backend() is None


def test_the_demo_backend_labels_its_output_as_a_demo(world, settings, recorder, queue):
    settings.TRANSLATION_BACKEND = "demo"
    statement = world.statement("bella", "Գետերը մերն են։", "hy")
    translate_statement.call(statement.pk, "az")
    ((_id, _language, result),) = recorder.successes
    assert result.backend == "demo" and result.text == "[demo machine translation hy→az] Գետերը մերն են։"
