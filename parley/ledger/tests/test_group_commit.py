"""Votes sequenced into the record in batches (group commit, PostgreSQL): many voters in parallel,
with other actions appending between them, leave a gap-free record in time order, holding each
acknowledged vote exactly once; a pending entry left by a crash goes in with the next append."""

import io
import json
import threading

import pytest
from django.db import connection, connections, transaction

from parley.dialogues import actions
from parley.dialogues.models import Vote
from parley.ledger import log
from parley.ledger.models import PendingEntry, RecordEntry, RecordTypeCount
from parley.publicrecord.export import export_bundle
from parley.record.verifier import verify_bundle
from parley.testing.personas import build_world, join

pytestmark = pytest.mark.django_db(transaction=True)

# An appeal.answered payload with the fields the registry asks of it (the entry type these tests append).
ANSWER = {"appeal": 1, "statement": 1, "case": 1, "answer": "uphold", "outcome": "upheld"}

THREADS = 8
VOTES_PER_THREAD = 50


def needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("votes are sequenced in batches on PostgreSQL only; SQLite appends each in its transaction")


def entries_of(dialogue) -> list[dict]:
    return [
        json.loads(bytes(data)) for data in RecordEntry.objects.filter(dialogue=dialogue).values_list("data", flat=True)
    ]


@pytest.mark.slow
def test_parallel_voters_and_other_appends_leave_each_acknowledged_vote_once_in_a_gap_free_record():
    needs_postgresql()
    world = build_world(slug="many-voters")
    statements = [world.statement("aynur", f"Statement number {i} about the river.") for i in range(VOTES_PER_THREAD)]
    voters = [
        join(world.aynur if t % 2 else world.gayane, world.side_a if t % 2 else world.side_b, f"Voter {t}")
        for t in range(THREADS)
    ]
    acknowledged: list[tuple[int, int, int]] = []
    errors: list[BaseException] = []
    guard = threading.Lock()

    def vote(member) -> None:
        try:
            for n, statement in enumerate(statements):
                value = (member.pk + n) % 3 - 1
                actions.do_cast_vote(member, statement.pk, value)
                with guard:
                    acknowledged.append((member.pk, statement.pk, value))
        except BaseException as error:
            errors.append(error)
        finally:
            connections["default"].close()

    def other_appends() -> None:
        try:
            for n in range(20):
                with transaction.atomic():
                    log.append(world.dialogue.pk, "appeal.answered", {**ANSWER, "n": n})
        except BaseException as error:
            errors.append(error)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=vote, args=(m,)) for m in voters] + [threading.Thread(target=other_appends)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    assert len(acknowledged) == THREADS * VOTES_PER_THREAD
    assert not PendingEntry.objects.exists()

    entries = entries_of(world.dialogue)
    assert [e["seq"] for e in entries] == list(range(len(entries)))
    times = [e["time"] for e in entries]
    assert times == sorted(times)
    cast = [
        (e["payload"]["member"], e["payload"]["statement"], e["payload"]["value"])
        for e in entries
        if e["type"] == "vote.cast"
    ]
    voter_ids = {m.pk for m in voters}
    assert sorted(c for c in cast if c[0] in voter_ids) == sorted(acknowledged)
    assert Vote.objects.filter(membership__in=voters).count() == len(acknowledged)
    assert [e["payload"]["n"] for e in entries if e["type"] == "appeal.answered"] == list(range(20))
    counts = dict(RecordTypeCount.objects.filter(dialogue=world.dialogue).values_list("type", "count"))
    assert counts["vote.cast"] == len(cast)
    assert counts["appeal.answered"] == 20
    assert sum(counts.values()) == len(entries)

    out = io.BytesIO()
    export_bundle(world.dialogue, out)
    out.seek(0)
    report = verify_bundle(out)
    assert report.ok, report.summary
    assert report.entries == RecordEntry.objects.filter(dialogue=world.dialogue).count()


def test_a_vote_left_pending_by_a_crash_goes_into_the_record_with_the_next_append():
    needs_postgresql()
    world = build_world(slug="crash")
    statement = world.statement("aynur", "Clean rivers for all.")
    member = world.members["bella"]
    # The process died between the vote's COMMIT and its sequencing: the entry is pending.
    with transaction.atomic():
        log.append_pending(
            world.dialogue.pk, "vote.cast", {"member": member.pk, "statement": statement.pk, "value": 1}, actor=member
        )
    before = RecordEntry.objects.filter(dialogue=world.dialogue).count()
    with transaction.atomic():
        note = log.append(world.dialogue.pk, "appeal.answered", {**ANSWER, "after": "crash"})
    assert note.seq == before + 1
    entries = entries_of(world.dialogue)
    assert [e["type"] for e in entries[-2:]] == ["vote.cast", "appeal.answered"]
    assert entries[-2]["payload"] == {"member": member.pk, "statement": statement.pk, "value": 1}
    assert entries[-2]["actor"]["handle"] != member.handle  # sealed, as any vote's
    assert not PendingEntry.objects.exists()
    assert log.sequence_pending(world.dialogue.pk) == 0  # nothing counted twice


def test_an_export_puts_a_pending_vote_into_the_record_first():
    needs_postgresql()
    world = build_world(slug="crash-export")
    statement = world.statement("aynur", "Clean rivers for all.")
    member = world.members["bella"]
    with transaction.atomic():
        log.append_pending(
            world.dialogue.pk, "vote.cast", {"member": member.pk, "statement": statement.pk, "value": -1}, actor=member
        )
    out = io.BytesIO()
    count = export_bundle(world.dialogue, out)
    out.seek(0)
    report = verify_bundle(out)
    assert report.ok, report.summary
    assert count == RecordEntry.objects.filter(dialogue=world.dialogue).count()
    votes = [e for e in entries_of(world.dialogue) if e["type"] == "vote.cast" and e["payload"]["member"] == member.pk]
    assert [e["payload"]["value"] for e in votes] == [-1]
    assert not PendingEntry.objects.exists()
