"""`do_cast_votes`: one member's batch of votes (the demo's simulated participants) records exactly
what the same votes cast one by one would, and refuses a batch as a whole."""

import json

import pytest

from parley.dialogues import actions
from parley.dialogues.access import ActionError
from parley.dialogues.models import Vote, VoteHistory
from parley.ledger.models import RecordEntry

pytestmark = pytest.mark.django_db


def vote_entries(world):
    bodies = [
        json.loads(bytes(entry.data))
        for entry in RecordEntry.objects.filter(dialogue=world.dialogue, type="vote.cast").order_by("seq")
    ]
    return [(body["type"], body["actor"]["member"], body["payload"]) for body in bodies]


def test_a_batch_of_votes_writes_the_rows_and_entries_that_single_votes_write(world):
    first = world.statement("bella", "Open the border crossings to trade.")
    second = world.statement("bashir", "Share the river data.")
    actions.do_cast_vote(world.aysel, first.pk, "agree")
    actions.do_cast_vote(world.aysel, second.pk, "disagree")
    assert actions.do_cast_votes(world.alice, [(first.pk, 1), (str(second.pk), "disagree")]) == 2
    assert {(v.statement_id, v.value) for v in Vote.objects.filter(membership=world.alice)} == {
        (first.pk, 1),
        (second.pk, -1),
    }
    assert VoteHistory.objects.filter(membership=world.alice).count() == 2
    entries = vote_entries(world)
    singles = [(kind, payload["value"]) for kind, member, payload in entries if member == world.aysel.pk]
    batch = [(kind, payload["value"]) for kind, member, payload in entries if member == world.alice.pk]
    assert batch == singles == [("vote.cast", 1), ("vote.cast", -1)]


@pytest.mark.parametrize("bad", [("999999", 1), ("x", 1), (None, "agree")])
def test_a_batch_with_an_unknown_statement_is_refused_whole(world, bad):
    statement = world.statement("bella", "Open the border crossings to trade.")
    with pytest.raises(ActionError):
        actions.do_cast_votes(world.alice, [(statement.pk, 1), bad])
    assert not Vote.objects.filter(membership=world.alice).exists()
    assert [entry for entry in vote_entries(world) if entry[1] == world.alice.pk] == []


def test_a_batch_with_a_value_that_is_not_a_vote_is_refused_whole(world):
    statement = world.statement("bella", "Open the border crossings to trade.")
    with pytest.raises(ActionError):
        actions.do_cast_votes(world.alice, [(statement.pk, 1), (statement.pk, 2)])
    assert not Vote.objects.filter(membership=world.alice).exists()
