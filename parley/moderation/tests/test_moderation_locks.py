"""Two requests on one statement at once wait for each other in turn, never in a circle.

Each test runs the real actions on two threads (two database connections). The first is paused
just before it appends to the record (which locks the dialogue row) until the second is waiting
for a lock; then both must finish. Taken in opposite orders, PostgreSQL would report a deadlock
and fail one of them.
"""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, connections

from parley.dialogues import actions as dialogue_actions
from parley.dialogues.access import ActionError
from parley.ledger import log
from parley.moderation import actions as moderation
from parley.moderation.models import Hold
from parley.proposals import actions
from parley.proposals.models import Proposal
from parley.testing.personas import World, build_world

pytestmark = pytest.mark.django_db(transaction=True)


def _someone_waits_for_a_lock() -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def run_side_by_side(
    monkeypatch, first: Callable[[], object], second: Callable[[], object], refusals: tuple[type[Exception], ...] = ()
) -> None:
    """Run FIRST until its first record entry, start SECOND, let FIRST go once SECOND waits.

    REFUSALS are errors an action may answer with once the other has changed things."""
    errors: list[BaseException] = []
    paused = threading.Event()
    append = log.append

    def pausing_append(*args, **kwargs):
        if threading.current_thread().name == "first" and not paused.is_set():
            paused.set()
            deadline = time.monotonic() + 10
            while not _someone_waits_for_a_lock() and time.monotonic() < deadline:
                time.sleep(0.05)
        return append(*args, **kwargs)

    monkeypatch.setattr(log, "append", pausing_append)

    def run(action: Callable[[], object], wait: bool) -> None:
        try:
            if wait:
                paused.wait(10)
            action()
        except refusals:
            pass
        except BaseException as error:
            errors.append(error)
        finally:
            paused.set()
            connections["default"].close()

    threads = [
        threading.Thread(target=run, args=(first, False), name="first"),
        threading.Thread(target=run, args=(second, True), name="second"),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors


@pytest.fixture
def held(transactional_db) -> tuple[World, Hold, Proposal]:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite locks the whole database for each write")
    world = build_world(slug="locks")
    rude = world.statement("bella", "You are all fools.")
    hold = moderation.do_hold(world.elvin, rude.pk, "insult", "Rude")
    made = actions.do_propose(
        world.elvin, "remove_statement", {"statement": rude.pk, "rule": "insult", "reason": "Rude"}
    )
    return world, hold, made.proposal


def test_a_removal_approved_while_the_hold_is_being_decided(monkeypatch, held):
    world, hold, proposal = held
    run_side_by_side(
        monkeypatch,
        lambda: moderation.do_decide_hold(world.lilit, hold.pk, "return"),
        lambda: actions.do_approve_proposal(world.gayane, proposal.pk),
    )
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.APPROVED


def test_a_removal_approved_while_someone_votes_on_the_statement(monkeypatch, held):
    world = held[0]
    visible = world.statement("bella", "Nobody listens here.")
    made = actions.do_propose(
        world.elvin, "remove_statement", {"statement": visible.pk, "rule": "insult", "reason": "Rude"}
    )
    run_side_by_side(
        monkeypatch,
        lambda: dialogue_actions.do_cast_vote(world.alice, visible.pk, -1),
        lambda: actions.do_approve_proposal(world.gayane, made.proposal.pk),
    )
    assert Hold.objects.get(statement_id=visible.pk).state == Hold.State.REMOVED


def test_an_appeal_answered_while_the_hold_is_being_decided(monkeypatch, held):
    world, hold, proposal = held
    actions.do_withdraw_proposal(world.elvin, proposal.pk)
    appeal = moderation.do_appeal(world.bella, hold.statement_id, "It was a joke.")
    run_side_by_side(
        monkeypatch,
        lambda: moderation.do_decide_hold(world.lilit, hold.pk, "return"),
        lambda: moderation.do_answer_appeal(world.elvin, appeal.pk, "restore"),
        refusals=(ActionError,),
    )
