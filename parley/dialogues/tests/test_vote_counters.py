"""The vote counters (`SideTally`) always equal a fresh count of the current votes, and the next card
and the per-side counts read them in a bounded number of queries, choosing as the aggregation did."""

from __future__ import annotations

import io
import random
import threading

import pytest
from django.db import connection, connections
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from parley.checkpoints import actions as record_actions
from parley.dialogues import actions, counters, queries
from parley.dialogues.models import Membership, SideTally, Statement, Vote, VoteHistory
from parley.dialogues.provenance import translations_prefetch
from parley.engine import VoteTable
from parley.engine.io import Dataset
from parley.ledger.models import RecordEntry
from parley.publicrecord.export import export_bundle
from parley.publicrecord.importer import do_import_polis
from parley.record.verifier import verify_bundle
from parley.testing.personas import World, build_world, join

VOTERS = ["alice", "aysel", "bella", "bashir", "farid", "narek", "elvin", "lilit"]


def fresh(dialogue_id: int) -> dict[tuple[int, int], tuple[int, int, int]]:
    return counters.aggregate(Q(statement__dialogue_id=dialogue_id))


def kept(dialogue_id: int) -> dict[tuple[int, int], tuple[int, int, int]]:
    return counters.stored(Statement.objects.filter(dialogue_id=dialogue_id).values_list("pk", flat=True))


def statements(world: World, n: int) -> list[Statement]:
    authors = ["aynur", "gayane"]
    return [world.statement(authors[i % 2], f"Statement number {i} about the shared river.") for i in range(n)]


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_counters_equal_a_fresh_count_after_first_votes_changed_votes_and_both_sides(world, seed):
    rng = random.Random(seed)
    listed = statements(world, 5)
    for _ in range(80):
        member = world.members[rng.choice(VOTERS)]
        actions.do_cast_vote(member, rng.choice(listed).pk, rng.choice(["agree", "disagree", "pass"]))
        assert kept(world.dialogue.pk) == fresh(world.dialogue.pk)
    assert {side for _statement, side in kept(world.dialogue.pk)} == {world.side_a.pk, world.side_b.pk}
    assert (
        sum(sum(c) for c in kept(world.dialogue.pk).values())
        == Vote.objects.filter(statement__dialogue=world.dialogue).count()
    )


@pytest.mark.django_db
def test_the_same_vote_again_changes_no_counter(world):
    (statement,) = statements(world, 1)
    actions.do_cast_vote(world.alice, statement.pk, "disagree")
    actions.do_cast_vote(world.alice, statement.pk, "disagree")
    assert kept(world.dialogue.pk)[(statement.pk, world.side_a.pk)] == (1, 1, 0)  # the author's agree, Alice's


@pytest.mark.django_db
def test_an_imported_dialogue_has_its_counters():
    votes = VoteTable.from_records(
        [("1", "10", 1, 1.0), ("2", "10", -1, 2.0), ("1", "11", 0, 3.0), ("1", "10", -1, 4.0)]
    )
    dataset = Dataset(votes=votes, texts={"10": "Rivers first.", "11": "Roads second."})
    dialogue = do_import_polis(dataset, title="Small talk", sides={"1": "AZ", "2": "AM"})
    assert kept(dialogue.pk) == fresh(dialogue.pk)
    assert sorted(kept(dialogue.pk).values()) == [(0, 0, 1), (0, 1, 0), (0, 1, 0)]


@pytest.mark.django_db
def test_recount_rebuilds_counters_that_went_wrong(world):
    statements(world, 3)
    SideTally.objects.filter(statement__dialogue=world.dialogue).update(agree=99)
    counters.recount(world.dialogue.pk)
    assert kept(world.dialogue.pk) == fresh(world.dialogue.pk)


# --- parallel writers (PostgreSQL) -----------------------------------------------------------------

THREADS = 6
ROUNDS = 4


@pytest.mark.django_db(transaction=True)
def test_parallel_voters_changing_votes_on_the_same_statements_leave_exact_counters(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL's row locks; SQLite runs one write at a time")
    world = build_world(slug="parallel-counters")
    listed = statements(world, 4)
    voters = [
        join(world.aynur if t % 2 else world.gayane, world.side_a if t % 2 else world.side_b, f"Voter {t}")
        for t in range(THREADS)
    ]
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS + 2)

    def vote(members: list[Membership], seed: int) -> None:
        rng = random.Random(seed)
        try:
            start.wait(10)
            for _ in range(ROUNDS):
                for statement in listed:
                    for member in members:
                        actions.do_cast_vote(member, statement.pk, rng.choice([1, -1, 0]))
        except BaseException as error:
            errors.append(error)
        finally:
            connections["default"].close()

    # Each voter on its own thread, and two threads that cast the same member's votes side by side.
    jobs = [([voter], t) for t, voter in enumerate(voters)] + [([voters[0]], 100), ([voters[1]], 101)]
    threads = [threading.Thread(target=vote, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert kept(world.dialogue.pk) == fresh(world.dialogue.pk)
    assert sum(sum(c) for c in kept(world.dialogue.pk).values()) == (THREADS + 1) * len(
        listed
    )  # and the authors' own votes
    record_actions.do_make_checkpoint(world.dialogue.pk)
    out = io.BytesIO()
    export_bundle(world.dialogue, out)
    out.seek(0)
    report = verify_bundle(out)
    assert report.ok, report.summary
    assert report.entries == RecordEntry.objects.filter(dialogue=world.dialogue).count()


# --- the next card ----------------------------------------------------------------------------------


def aggregated_choice(member: Membership) -> tuple[int | None, int, int]:
    """The next card as it was chosen before the counters: a Count over every vote of unseen statements."""
    visible = Statement.objects.filter(dialogue_id=member.dialogue_id, status=Statement.Status.VISIBLE)
    total = visible.count()
    unseen = visible.exclude(votes__membership=member)
    candidates = list(
        unseen.annotate(n_votes=Count("votes"))
        .order_by("-is_seed", "n_votes", "id")
        .prefetch_related(translations_prefetch())[:12]
    )
    if not candidates:
        return None, 0, total
    best = min(candidates, key=lambda s: (not s.is_seed, s.n_votes, queries._spread(member.pk, s.pk)))  # type: ignore[attr-defined]
    return best.pk, unseen.count(), total


def chosen(member: Membership) -> tuple[int | None, int, int]:
    statement, remaining, total = queries.voting_queue(member)
    return (statement.pk if statement else None, remaining, total)


@pytest.mark.django_db
def test_the_next_card_is_the_one_the_aggregation_chose(world):
    rng = random.Random(5)
    listed = statements(world, 20)
    for member in VOTERS[:6]:
        for statement in rng.sample(listed, rng.randint(0, 15)):
            actions.do_cast_vote(world.members[member], statement.pk, rng.choice([1, -1, 0]))
    for name in [*VOTERS, "aynur", "gayane"]:
        member = world.members[name]
        for _ in range(25):
            expected = aggregated_choice(member)
            assert chosen(member) == expected, name
            if expected[0] is None:
                break
            actions.do_cast_vote(member, expected[0], "pass")


@pytest.mark.django_db
def test_the_next_card_takes_two_queries_whatever_the_votes_and_a_third_for_translations(world):
    listed = statements(world, 6)
    assert {s.language for s in listed} == {"en"}
    assert world.alice.dialogue is not None  # the member's dialogue is loaded with them, as in a request
    with CaptureQueriesContext(connection) as few:
        queries.voting_queue(world.alice, "en")
    for name in VOTERS[1:]:
        for statement in listed:
            actions.do_cast_vote(world.members[name], statement.pk, "agree")
    with CaptureQueriesContext(connection) as many:
        queries.voting_queue(world.alice, "en")
    # The list with its counters, then the chosen statement; in the reader's language, no translations.
    assert len(few) == len(many) == 2
    assert not [q for q in many.captured_queries if "COUNT(" in q["sql"].upper()]
    with CaptureQueriesContext(connection) as translated:
        shown_next, _remaining, _total = queries.voting_queue(world.alice, "ru")
    assert shown_next is not None
    assert len(translated) == 3  # and its translations, with the people named in their labels
    with CaptureQueriesContext(connection) as shown:
        queries.statement_dict(shown_next, "ru")
    assert len(shown) == 0


@pytest.mark.django_db
def test_the_per_side_counts_are_read_from_the_counters_not_the_votes(world):
    listed = statements(world, 3)
    actions.do_cast_vote(world.bella, listed[0].pk, "disagree")
    actions.do_cast_vote(world.alice, listed[0].pk, "pass")
    with CaptureQueriesContext(connection) as captured:
        counts = queries.per_side_counts(world.dialogue)
    assert not [q for q in captured.captured_queries if "dialogues_vote" in q["sql"]]
    # Side A: the author's own agree and Alice's pass; side B: Bella's disagree.
    assert counts[listed[0].pk][world.side_a.pk] == {"agree": 1, "disagree": 0, "pass": 1}
    assert counts[listed[0].pk][world.side_b.pk] == {"agree": 0, "disagree": 1, "pass": 0}


@pytest.mark.django_db
def test_the_figures_take_current_votes_from_the_counters_and_count_no_vote_rows(world):
    from parley.dialogues.figures import dialogue_figures

    listed = statements(world, 2)
    actions.do_cast_vote(world.bella, listed[0].pk, "disagree")
    actions.do_cast_vote(world.alice, listed[1].pk, "pass")
    actions.do_cast_vote(world.alice, listed[0].pk, "agree")
    with CaptureQueriesContext(connection) as captured:
        figures = dialogue_figures(world.dialogue)
    assert not [q for q in captured.captured_queries if 'COUNT("dialogues_vote".' in q["sql"]]
    assert [(s.current_votes, s.voters) for s in figures.sides] == [(3, 2), (2, 2)]  # with the authors' own votes


@pytest.mark.django_db
def test_votes_cast_are_counted_as_the_published_history_and_the_figures_read_no_history_row(world):
    from parley.dialogues.figures import dialogue_figures

    listed = statements(world, 2)
    for name, value in [("alice", "agree"), ("alice", "agree"), ("bella", "pass"), ("alice", "disagree")]:
        actions.do_cast_vote(world.members[name], listed[0].pk, value)  # a re-vote, even the same, is cast again
    where = Q(statement__dialogue_id=world.dialogue.pk)
    kept_cast = {
        (s, side): n
        for s, side, n in SideTally.objects.filter(statement__dialogue=world.dialogue).values_list(
            "statement_id", "side_id", "cast"
        )
        if n
    }
    assert kept_cast == counters.casts(where)
    assert kept_cast[(listed[0].pk, world.side_a.pk)] == 1 + 3  # Aynur's own vote as author, Alice's three
    with CaptureQueriesContext(connection) as captured:
        figures = dialogue_figures(world.dialogue)
    assert not [q for q in captured.captured_queries if "dialogues_votehistory" in q["sql"]]
    history = VoteHistory.objects.filter(statement__dialogue=world.dialogue)
    assert [s.votes_cast for s in figures.sides] == [
        history.filter(membership__side=side).count() for side in (world.side_a, world.side_b)
    ]
    assert [s.votes_cast for s in figures.sides] == [4, 2]  # with the authors' own votes


@pytest.mark.django_db
def test_votes_waiting_for_a_batch_are_not_cast_until_the_batch_is_sealed():
    from parley.dialogues import tallies
    from parley.dialogues.models import Dialogue

    world = build_world(slug="cast-batches", vote_visibility=Dialogue.VoteVisibility.AGGREGATE)
    listed = statements(world, 1)
    for name in VOTERS:
        actions.do_cast_vote(world.members[name], listed[0].pk, "agree")
    where = Q(statement__dialogue_id=world.dialogue.pk)

    def kept_cast() -> dict[tuple[int, int], int]:
        rows = SideTally.objects.filter(statement__dialogue=world.dialogue).values_list(
            "statement_id", "side_id", "cast"
        )
        return {(s, side): n for s, side, n in rows if n}

    assert kept_cast() == counters.casts(where)
    tallies.do_seal_batch(world.dialogue.pk, final=True)
    assert kept_cast() == counters.casts(where)
    assert sum(kept_cast().values()) >= len(VOTERS)
