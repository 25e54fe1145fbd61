"""Votes cast in parallel on PostgreSQL leave a record whose times never go backwards, so it verifies.

Each voter runs the real action on its own thread (its own database connection). One voter is
held up between reading its vote and appending it to the record until every other voter has
finished: the record's time must be the time of appending, taken under the dialogue's lock, not
a time read before the lock (which made 1,358 of 8,900 entries of a load run out of order).

A vote appends by one of two paths, and the test runs both: with group commit (PostgreSQL's
default) it writes a pending entry (`log.append_pending`) that `log.sequence_pending` moves into the
record; without it, it calls `log.append`. Holding up either of those inside the vote's transaction
would hold the vote counters' rows the other voters need, so the late voter is held up where both
paths pass, once it has read its time and written its vote and before it counts and appends it
(`counters.count_vote`). The test checks that the hold-up worked (every entry of the late voter
comes after every other voter's, though it read its time before theirs were appended), so it cannot
pass by holding up a function the vote path no longer calls.
"""

import io
import json
import threading
import time

import pytest
from django.db import connection, connections

from parley.checkpoints import actions as record_actions
from parley.dialogues import actions, counters
from parley.dialogues.models import Membership, VoteHistory
from parley.ledger.models import RecordEntry
from parley.publicrecord.export import export_bundle
from parley.record.entries import VOTE_CAST
from parley.record.verifier import verify_bundle
from parley.testing.personas import build_world, join

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6
VOTERS_PER_THREAD = 2
STATEMENTS = 5


@pytest.mark.parametrize("group_commit", [True, False], ids=["pending-entries", "direct-append"])
def test_parallel_voters_leave_a_record_in_time_order_that_verifies(
    monkeypatch, settings, transactional_db, group_commit
):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL's row locks; SQLite runs one write at a time")
    settings.RECORD_GROUP_COMMIT = group_commit
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
    held: list[str] = []

    def held_up(function):
        def late(*args, **kwargs):
            # The late voter has read everything it needs; it appends only once the others are through.
            if threading.current_thread().name == "late" and not others_done.is_set():
                held.append(function.__name__)
                assert others_done.wait(30), "the other voters did not finish"
            return function(*args, **kwargs)

        return late

    # Both paths count the vote, then append it: the late voter waits between its vote and its entry.
    monkeypatch.setattr(counters, "count_vote", held_up(counters.count_vote))
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
    assert held == ["count_vote"]

    cast = THREADS * VOTERS_PER_THREAD * STATEMENTS
    assert VoteHistory.objects.filter(statement__dialogue=world.dialogue).count() == cast + STATEMENTS
    rows = list(RecordEntry.objects.filter(dialogue=world.dialogue).order_by("seq").values("seq", "created_at", "data"))
    bodies = [json.loads(bytes(row["data"])) for row in rows]
    votes = [body for body in bodies if body["type"] == VOTE_CAST]
    assert len(votes) == cast + STATEMENTS
    # Gap-free, and in time order: the late voter's entries, appended last, are the latest in time too.
    assert [row["seq"] for row in rows] == list(range(len(rows)))
    assert [row["created_at"] for row in rows] == sorted(row["created_at"] for row in rows)
    assert [body["time"] for body in bodies] == sorted(body["time"] for body in bodies)
    late_members = {member.pk for member in voters[0]}
    late = [body["seq"] for body in votes if body["payload"]["member"] in late_members]
    others = [body["seq"] for body in votes if body["payload"]["member"] not in late_members]
    assert len(late) == VOTERS_PER_THREAD * STATEMENTS
    assert min(late) > max(others), "the late voter's entries must all come after the others'"
    # ... though it read the time of its first vote before the others' entries were appended.
    first_cast = VoteHistory.objects.filter(membership=voters[0][0]).order_by("cast_at").first()
    assert first_cast is not None and first_cast.cast_at < rows[max(others)]["created_at"]

    record_actions.do_make_checkpoint(world.dialogue.pk)
    out = io.BytesIO()
    export_bundle(world.dialogue, out)
    out.seek(0)
    report = verify_bundle(out)
    assert report.ok, report.summary
    assert report.entries == RecordEntry.objects.filter(dialogue=world.dialogue).count()
