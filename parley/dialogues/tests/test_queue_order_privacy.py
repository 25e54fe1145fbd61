"""Where only totals are public, the order of a participant's statements follows published counts
only: live counts would let anyone with an invitation watch votes arrive, one by one."""

from __future__ import annotations

import pytest

from parley.dialogues import actions, queries
from parley.dialogues.models import Membership
from parley.dialogues.tests.test_vote_batches import secret  # noqa: F401  (the totals-only world, K = 2)
from parley.testing.personas import committed

pytestmark = pytest.mark.django_db


def test_a_vote_not_yet_published_does_not_move_the_next_statement(secret):  # noqa: F811
    with committed(secret.capture):
        secret.statement("gayane", "Publish the water quality data every month.")
    alice = Membership.objects.get(pk=secret.alice.pk)
    before, _remaining, _total = queries.voting_queue(alice)
    assert before is not None
    with committed(secret.capture):  # one voter of side B: far from a batch, so unpublished
        actions.do_cast_vote(secret.members["bella"], before.pk, 1)
    after, _remaining, _total = queries.voting_queue(alice)
    assert after == before
