"""Two moderation requests on one statement at once wait for each other in turn, never in a circle."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from parley.dialogues.models import Statement
from parley.governance import actions, moderation
from parley.governance.models import Hold
from parley.testing.personas import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def _waiting_on_a_lock(cursor) -> bool:
    cursor.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    return cursor.fetchone()[0] > 0


def test_a_removal_approved_while_the_hold_is_being_decided_does_not_deadlock():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite locks the whole database for each write")
    world = build_world(slug="locks")
    rude = world.statement("bella", "You are all fools.")
    hold = moderation.do_hold(world.elvin, rude.pk, "insult", "Rude")
    made = actions.do_propose(
        world.elvin, "remove_statement", {"statement": rude.pk, "rule": "insult", "reason": "Rude"}
    )
    errors: list[BaseException] = []
    hold_locked = threading.Event()

    def decide_like_a_moderator() -> None:
        # What deciding a hold does: lock the case, then its statement, in one transaction.
        try:
            with transaction.atomic(), connections["default"].cursor() as cursor:
                Hold.objects.select_for_update().get(pk=hold.pk)
                hold_locked.set()
                deadline = time.monotonic() + 10
                while not _waiting_on_a_lock(cursor) and time.monotonic() < deadline:
                    time.sleep(0.05)
                Statement.objects.select_for_update().get(pk=rude.pk)
        except BaseException as error:
            errors.append(error)
        finally:
            hold_locked.set()
            connections["default"].close()

    def approve_the_removal() -> None:
        try:
            hold_locked.wait(10)
            actions.do_approve_proposal(world.gayane, made.proposal.pk)
        except BaseException as error:
            errors.append(error)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=decide_like_a_moderator), threading.Thread(target=approve_the_removal)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    hold.refresh_from_db()
    rude.refresh_from_db()
    assert hold.state == Hold.State.REMOVED and rude.status == Statement.Status.REMOVED
