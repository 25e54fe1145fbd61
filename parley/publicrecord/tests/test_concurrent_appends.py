"""Votes cast in parallel on PostgreSQL leave a record whose times never go backwards, so it verifies.

Each voter runs the real action on its own thread (its own database connection). One voter is
held up between reading its vote and appending it to the record until every other voter has
finished: the record's time must be the time of appending, taken under the dialogue's lock, not
a time read before the lock (which made 1,358 of 8,900 entries of a load run out of order).
"""

import io
import threading
import time

import pytest
from django.db import connection, connections

from parley.checkpoints import actions as record_actions
from parley.dialogues import actions
from parley.dialogues.models import Membership, VoteHistory
from parley.ledger import log
from parley.ledger.models import RecordEntry
from parley.publicrecord.export import export_bundle
from parley.record.verifier import verify_bundle
from parley.testing.personas import build_world, join

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6
VOTERS_PER_THREAD = 2
STATEMENTS = 5


def test_parallel_voters_leave_a_record_in_time_order_that_verifies(monkeypatch, transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL's row locks; SQLite runs one write at a time")
    world = build_world(slug="parallel")
    statements = [world.statement("aynur", f"Statement number {i} about the river.") for i in range(STATEMENTS)]
    voters = [
        [
            join(world.aynur if i % 2 else world.gayane, world.side_a if i % 2 else world.side_b, f"Voter {t}-{i}")
            for i in range(VOTERS_PER_THREAD)
        ]
        for t in range(THREADS)
    ]
    others_done = threading.Event()
    finished = [0]
    lock = threading.Lock()
    append = log.append

    def late_append(*args, **kwargs):
        # The late voter has read everything it needs; it appends only once the others are through.
        if threading.current_thread().name == "late" and not others_done.is_set():
            others_done.wait(20)
        return append(*args, **kwargs)

    monkeypatch.setattr(log, "append", late_append)
    errors: list[BaseException] = []

    def vote(members: list[Membership]) -> None:
        try:
            for member in members:
                for n, statement in enumerate(statements):
                    actions.do_cast_vote(member, statement.pk, (member.pk + n) % 3 - 1)
        except BaseException as error:
            errors.append(error)
        finally:
            connections["default"].close()
            if threading.current_thread().name != "late":
                with lock:
                    finished[0] += 1
                    if finished[0] == THREADS - 1:
                        others_done.set()

    threads = [
        threading.Thread(target=vote, args=(members,), name="late" if t == 0 else f"voter-{t}")
        for t, members in enumerate(voters)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert time.monotonic() - started < 60

    cast = THREADS * VOTERS_PER_THREAD * STATEMENTS
    assert VoteHistory.objects.filter(statement__dialogue=world.dialogue).count() == cast + STATEMENTS
    assert RecordEntry.objects.filter(dialogue=world.dialogue, type="vote.cast").count() == cast + STATEMENTS
    record_actions.do_make_checkpoint(world.dialogue.pk)
    out = io.BytesIO()
    export_bundle(world.dialogue, out)
    out.seek(0)
    report = verify_bundle(out)
    assert report.ok, report.summary
    assert report.entries == RecordEntry.objects.filter(dialogue=world.dialogue).count()
