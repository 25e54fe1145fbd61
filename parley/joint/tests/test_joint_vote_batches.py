"""Where only totals are public, votes on a joint statement are published in batches, as votes on statements are."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client

from parley.dialogues.models import Dialogue
from parley.joint import actions as joint_actions
from parley.joint import votes as joint_votes
from parley.joint.models import JointStatement, JointTallyBatch, JointVoteHistory
from parley.joint.tests.joint_setup import finalised, register_keys, signature
from parley.ledger.models import RecordEntry
from parley.publicrecord.export import export_bundle
from parley.record.receipts import check_receipt_file
from parley.record.verifier import verify_bundle
from parley.testing.personas import client_for, propose_and_approve

pytestmark = pytest.mark.django_db

SIDE_A = ("aynur", "farid", "elvin", "alice", "aysel")
SIDE_B = ("gayane", "narek", "lilit", "bella", "bashir")


@pytest.fixture
def secret(world, settings, django_capture_on_commit_callbacks):
    """A final text open for the participants' vote, in a dialogue whose votes are public as totals only (K = 2)."""
    settings.TALLY_MIN_VOTERS = 2
    joint = finalised(world, participant_vote=True)
    Dialogue.objects.filter(pk=world.dialogue.pk).update(vote_visibility=Dialogue.VoteVisibility.AGGREGATE)
    for member in world.members.values():
        member.refresh_from_db()

    def vote(name: str, clause: str = "", value: str = "agree") -> None:
        with django_capture_on_commit_callbacks(execute=True):
            joint_actions.do_vote_joint(world.members[name], joint.pk, clause, value)

    return joint, vote


def overall(client: Client, world, joint: JointStatement) -> dict[str, tuple[int, int]]:
    answer = client.get(f"/api/v1/dialogues/{world.dialogue.slug}/joint/{joint.pk}/").json()["joint"]
    return {row["side"]: (row["agree"], row["disagree"]) for row in answer["vote_results"][""]}


def test_the_joint_page_shows_only_published_counts_and_says_how_they_are_batched(world, secret):
    joint, vote = secret
    stranger = Client()
    for name in SIDE_A[:3] + SIDE_B[:1]:
        vote(name)
    assert overall(stranger, world, joint) == {"A": (0, 0), "B": (0, 0)}
    page = stranger.get(f"/d/{world.dialogue.slug}/joint/{joint.pk}/").content.decode()
    assert "Counts are published in batches of at least 2 voters per side; none is published yet." in page
    vote(SIDE_A[3], value="disagree")  # the fourth voter of side A: a batch of all but the last two
    (batch,) = JointTallyBatch.objects.filter(joint=joint)
    assert overall(stranger, world, joint) == {"A": (2, 0), "B": (0, 0)}
    assert batch.totals == {"": {"A": [2, 0]}}
    page = stranger.get(f"/d/{world.dialogue.slug}/joint/{joint.pk}/").content.decode()
    assert "Counts are published in batches of at least 2 voters per side; last published" in page
    (row,) = RecordEntry.objects.filter(dialogue=world.dialogue, type="joint.votes_tallied")
    entry = json.loads(bytes(row.data))
    assert entry["payload"]["sides"] == {"A": {"voters": 2, "votes": 2}} and entry["actor"] is None
    assert not RecordEntry.objects.filter(dialogue=world.dialogue, type="joint.vote").exists()


def test_ratifying_publishes_the_votes_still_waiting_and_the_bundle_verifies_with_a_voters_receipt(world, secret):
    joint, vote = secret
    vote("alice", "1", "agree")
    vote("bella", "1", "disagree")
    vote("bella", "", "agree")
    assert not JointTallyBatch.objects.exists()
    private = register_keys(world)
    for name in ("aynur", "gayane"):
        joint_actions.do_sign_joint(world.members[name], joint.pk, signature(private[name], bytes(joint.canonical)))
    (batch,) = JointTallyBatch.objects.filter(joint=joint)
    assert batch.totals == {"": {"B": [1, 0]}, "1": {"A": [1, 0], "B": [0, 1]}}
    assert not JointVoteHistory.objects.filter(batch__isnull=True).exclude(commitment="").exists()
    bundle = io.BytesIO()
    export_bundle(Dialogue.objects.get(pk=world.dialogue.pk), bundle)
    assert verify_bundle(io.BytesIO(bundle.getvalue())).ok
    receipt = client_for(world.bella).get(f"/d/{world.dialogue.slug}/joint/{joint.pk}/my-receipt.json")
    assert receipt["Cache-Control"] == "no-store"
    lines = check_receipt_file(io.BytesIO(bundle.getvalue()), receipt.content)
    assert len(lines) == 2 and all("included in batch 1" in line for line in lines)


def test_only_a_member_fetches_a_receipt_and_it_holds_only_their_own_votes(world, secret):
    joint, vote = secret
    vote("alice")
    vote("bella")
    assert Client().get(f"/d/{world.dialogue.slug}/joint/{joint.pk}/my-receipt.json").status_code in (302, 403)
    receipt = joint_votes.my_receipt(joint, world.alice)
    assert f'"member": {world.alice.pk}' in receipt and f'"member": {world.bella.pk}' not in receipt
    assert receipt.count('"commitment"') == 1


def test_closing_the_dialogue_publishes_every_vote_still_waiting_on_its_joint_statements(world, secret):
    joint, vote = secret
    vote("alice")
    propose_and_approve(world.aynur, world.gayane, "status", {"status": Dialogue.Status.CLOSED})
    (batch,) = JointTallyBatch.objects.filter(joint=joint)
    assert batch.totals == {"": {"A": [1, 0]}}
