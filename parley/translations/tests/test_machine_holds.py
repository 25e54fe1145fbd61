"""Held statements stay away from the machine-translation backend: a statement held on submit, or held
or removed while its translation waits for a retry, sends nothing; once it is visible again (a hold
returned, an appeal restored) its missing translations are queued then. The backend is real
(LibreTranslate against a fake server on loopback)."""

from __future__ import annotations

from typing import Any

import pytest

from parley.dialogues.models import Statement, StatementTranslation
from parley.moderation import actions as moderation
from parley.moderation.models import BlocklistTerm, Hold
from parley.translations.tasks import enqueue_translations, translate_statement

pytestmark = pytest.mark.django_db

HELD_TEXT = "Onları satqın adlandırmaq olmaz."


@pytest.fixture
def blocked(world):
    term = "satqın"
    BlocklistTerm.objects.create(dialogue=world.dialogue, language="az", term=term, key=moderation.term_key(term, "az"))
    return term


def sent(fake) -> list[dict[str, Any]]:
    return [request["body"] for request in fake.requests if request["path"] == "/translate"]


def queued(queue) -> list[tuple[int, str]]:
    """The translations waiting in the queue (other tasks, such as the analysis, left out)."""
    return sorted((result.args[0], result.args[1]) for result in queue if result.task.func is translate_statement.func)


def run(queue) -> list[str]:
    """Run the queued translations (and empty the queue), as a worker would."""
    jobs = [result.args for result in queue if result.task.func is translate_statement.func]
    queue.clear()
    return [translate_statement.call(*args) for args in jobs]


def test_a_statement_held_on_submit_is_not_sent_to_the_backend(
    world, blocked, libre, queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        statement = world.statement("alice", HELD_TEXT, "az")
    assert Statement.objects.get(pk=statement.pk).status == Statement.Status.ON_HOLD
    assert queued(queue) == []
    assert enqueue_translations(statement.pk) == []
    assert translate_statement.call(statement.pk, "hy") == "skipped: not visible"
    assert sent(libre) == []
    assert not StatementTranslation.objects.filter(statement=statement).exists()


def test_a_returned_hold_queues_the_translations_and_the_backend_then_gets_them(
    world, blocked, libre, queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        statement = world.statement("alice", HELD_TEXT, "az")
    hold = Hold.objects.get(statement=statement)
    assert queued(queue) == [] and sent(libre) == []
    queue.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.do_decide_hold(world.lilit, hold.pk, "return")
        assert queued(queue) == []  # nothing leaves before the commit
    assert queued(queue) == [
        (statement.pk, "en"),
        (statement.pk, "hy"),
        (statement.pk, "ru"),
    ]
    assert run(queue) == ["translated"] * 3
    assert sorted((body["target"], body["q"]) for body in sent(libre)) == [
        ("en", HELD_TEXT),
        ("hy", HELD_TEXT),
        ("ru", HELD_TEXT),
    ]
    texts = dict(StatementTranslation.objects.filter(statement=statement).values_list("language", "text"))
    assert texts == {code: f"<{code}> {HELD_TEXT}" for code in ("en", "hy", "ru")}


def test_a_statement_restored_by_appeal_has_its_missing_translations_queued(
    world, libre, queue, django_capture_on_commit_callbacks
):
    statement = world.statement("bella", "Գետերը մերն են։", "hy")
    assert translate_statement.call(statement.pk, "az") == "translated"
    hold = moderation.do_hold(world.elvin, statement.pk, "off_topic", "Not about the rivers.")
    moderation.do_decide_hold(world.lilit, hold.pk, "remove")
    appeal = moderation.do_appeal(world.bella, statement.pk, "It is about the rivers.")
    moderation.do_answer_appeal(world.elvin, appeal.pk, "restore")
    queue.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.do_answer_appeal(world.lilit, appeal.pk, "restore")
    assert Statement.objects.get(pk=statement.pk).status == Statement.Status.VISIBLE
    # Azerbaijani was translated before the hold: it is not sent again.
    assert queued(queue) == [(statement.pk, "en"), (statement.pk, "ru")]
    assert run(queue) == ["translated", "translated"]
    assert sorted(body["target"] for body in sent(libre)) == ["az", "en", "ru"]


def test_a_queued_retry_of_a_removed_statement_sends_nothing(world, libre, queue):
    statement = world.statement("alice", "Salam.", "az")
    queue.clear()
    libre.script = [(503, {"error": "overloaded"})]
    assert translate_statement.call(statement.pk, "hy") == "retrying in 30 s"
    assert len(sent(libre)) == 1
    hold = moderation.do_hold(world.lilit, statement.pk, "off_topic", "Not about the rivers.")
    moderation.do_decide_hold(world.elvin, hold.pk, "remove")
    assert run(queue) == ["skipped: not visible"]
    assert len(sent(libre)) == 1 and queued(queue) == []
    assert not StatementTranslation.objects.filter(statement=statement, language="hy").exists()


def test_a_withdrawn_statement_is_not_sent(world, libre, queue):
    statement = world.statement("alice", "Salam.", "az")
    Statement.objects.filter(pk=statement.pk).update(withdrawn_rule="court_order")
    assert translate_statement.call(statement.pk, "hy") == "skipped: withdrawn"
    assert enqueue_translations(statement.pk) == []
    assert sent(libre) == []
