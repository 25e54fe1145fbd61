"""Where only totals are public, votes wait for batches of at least K voters per side, with receipts."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client

from parley.analysis.tasks import analyse_now
from parley.checkpoints import actions as record_actions
from parley.cli.verify import verify as verify_command
from parley.dialogues import actions, queries, tallies
from parley.dialogues.access import ActionError
from parley.dialogues.models import Dialogue, Membership, TallyBatch, VoteHistory
from parley.ledger.models import RecordEntry
from parley.proposals import actions as governance
from parley.publicrecord.export import export_bundle
from parley.record.receipts import check_receipt_file
from parley.record.tally import TallyError, vote_commitment
from parley.record.verifier import verify_bundle
from parley.testing.personas import SIDES, World, build_world, committed, join, propose_and_approve

pytestmark = pytest.mark.django_db


@dataclass
class Secret(World):
    """The personas in a totals-only dialogue, with one statement to vote on."""

    river: Any = None
    capture: Any = None

    def vote(self, names: str, value: int) -> None:
        """Let each of NAMES vote VALUE on the river statement, as a committed request would."""
        for name in names.split():
            with committed(self.capture):
                actions.do_cast_vote(self.members[name], self.river.pk, value)


@pytest.fixture
def secret(settings, django_capture_on_commit_callbacks) -> Secret:
    """A totals-only dialogue with K = 2."""
    settings.TALLY_MIN_VOTERS = 2
    world = build_world("secret-talks", vote_visibility=Dialogue.VoteVisibility.AGGREGATE)
    secret = Secret(world.dialogue, world.side_a, world.side_b, world.members)
    secret.capture = django_capture_on_commit_callbacks
    with committed(secret.capture):
        secret.river = secret.statement("aynur", "Share the river data.")
    return secret


def tallied(world) -> list[dict]:
    rows = RecordEntry.objects.filter(dialogue=world.dialogue, type="votes.tallied").order_by("seq")
    return [json.loads(bytes(r.data))["payload"] for r in rows]


def test_a_batch_waits_for_2k_voters_of_a_side_and_publishes_all_but_the_k_who_came_last(secret):
    secret.vote("alice aysel", 1)
    assert tallied(secret) == []  # aynur (the author) and two more: three waiting on side A
    secret.vote("farid", 1)
    assert tallied(secret)[0]["sides"] == {"A": {"voters": 2, "votes": 2}}  # aynur and alice
    secret.vote("bella", -1)
    secret.vote("bashir", 0)
    secret.vote("narek lilit", 1)
    second = tallied(secret)[1]
    assert second["batch"] == 2 and second["sides"] == {"B": {"voters": 2, "votes": 2}}  # bella and bashir
    assert second["totals"] == {str(secret.river.pk): {"A": [2, 0, 0], "B": [0, 1, 1]}}
    assert second["commitments"] == sorted(second["commitments"]) and len(second["commitments"]) == 2
    assert tallies.pending_voters(secret.dialogue.pk) == {"A": 2, "B": 2}  # never fewer than K left waiting


def test_each_cast_vote_has_its_own_salt_and_a_commitment_only_its_voter_can_open(secret):
    secret.vote("alice", 1)
    secret.vote("alice", -1)
    first, second = VoteHistory.objects.filter(membership=secret.alice).order_by("id")
    assert bytes(first.salt) != bytes(second.salt) and len(bytes(first.salt)) == 16
    assert second.commitment == vote_commitment(secret.alice.pk, secret.river.pk, -1, bytes(second.salt))
    secret.vote("aysel farid", 1)
    assert {first.commitment, second.commitment} <= set(tallied(secret)[0]["commitments"])


def test_the_results_show_the_latest_batch_not_the_votes_still_waiting(secret):
    secret.vote("bella", -1)
    before = queries.results(secret.dialogue, "en")
    row = next(s for s in before["statements"] if s["id"] == secret.river.pk)
    assert [p["total"] for p in row["per_side"]] == [0, 0] and before["batch"] is None
    secret.vote("alice aysel farid", 1)
    after = queries.results(secret.dialogue, "en")
    row = next(s for s in after["statements"] if s["id"] == secret.river.pk)
    assert [p["total"] for p in row["per_side"]] == [2, 0] and after["batch"]["number"] == 1
    page = secret.client("bella").get(f"/d/{secret.dialogue.slug}/results/").content.decode()
    assert "Counts are published in batches of at least 2 voters per side; last published" in page


def test_the_workers_tick_seals_a_batch_the_after_commit_check_missed(secret):
    for name in ("alice", "aysel", "farid"):  # these transactions never commit in this test
        actions.do_cast_vote(secret.members[name], secret.river.pk, 1)
    assert tallied(secret) == []
    assert tallies.seal_due_batches() == 1 and len(tallied(secret)) == 1


def test_closing_the_dialogue_publishes_every_vote_still_waiting_however_few(secret):
    secret.vote("bella", 1)
    with committed(secret.capture):
        propose_and_approve(secret.aynur, secret.gayane, "status", {"status": Dialogue.Status.CLOSED})
    last = tallied(secret)[-1]
    assert last["sides"] == {"A": {"voters": 1, "votes": 1}, "B": {"voters": 1, "votes": 1}}
    assert not VoteHistory.objects.filter(batch__isnull=True).exclude(commitment="").exists()


def test_the_analysis_counts_only_sealed_batches_and_publishes_nothing_per_person(secret):
    secret.vote("alice aysel farid", 1)
    secret.vote("bella", -1)  # waits
    run = analyse_now(secret.dialogue.pk)
    published = json.loads(run.published_json)
    assert "participants" not in published and "participants" not in (run.result or {})
    counts = next(s for s in published["statements"] if s["id"] == str(secret.river.pk))["per_side"]
    assert counts["B"] == {"agree": 0, "disagree": 0, "pass": 0}
    assert run.record_size == TallyBatch.objects.get(dialogue=secret.dialogue).seq + 1
    summary = secret.client("alice").get(f"/api/v1/dialogues/{secret.dialogue.slug}/results/").json()["analysis"]
    assert summary["map"]["points"] == [] and all(g["size"] >= 2 for g in summary["groups"])


def test_an_exported_totals_only_bundle_verifies_and_a_receipt_checks_against_it(secret, tmp_path: Path):
    secret.vote("alice aysel farid", 1)
    secret.vote("bella bashir narek lilit", -1)
    analyse_now(secret.dialogue.pk)
    record_actions.do_make_checkpoint(secret.dialogue.pk)
    receipt = queries.my_receipt(Membership.objects.get(pk=secret.alice.pk))
    bundle = tmp_path / "bundle.zip"
    with bundle.open("wb") as out:
        export_bundle(Dialogue.objects.get(pk=secret.dialogue.pk), out)
    report = verify_bundle(bundle)
    assert report.ok, report.summary
    assert "the analysis counts exactly what batch 2 published" in report.summary
    assert check_receipt_file(bundle, receipt.encode()) == [
        f"receipt vote 1 (statement {secret.river.pk}): included in batch 1 (entry {tallied_seq(secret, 1)})"
    ]
    (tmp_path / "receipt.json").write_text(receipt)
    result = CliRunner().invoke(verify_command, [str(bundle), "--receipt", str(tmp_path / "receipt.json")])
    assert result.exit_code == 0 and "the receipt's votes are in the record as it says" in result.output
    forged = json.loads(receipt)
    forged["votes"][0]["value"] = -1
    (tmp_path / "forged.json").write_text(json.dumps(forged))
    result = CliRunner().invoke(verify_command, [str(bundle), "--receipt", str(tmp_path / "forged.json")])
    assert result.exit_code == 1 and "does not match the vote and salt" in result.output
    (tmp_path / "junk.json").write_text("{")
    result = CliRunner().invoke(verify_command, [str(bundle), "--receipt", str(tmp_path / "junk.json")])
    assert result.exit_code == 2 and "not a JSON file" in result.output
    with pytest.raises(TallyError, match="not in batch 2"):
        forged = json.loads(receipt)
        forged["votes"][0]["batch"] = 2
        check_receipt_file(io.BytesIO(bundle.read_bytes()), json.dumps(forged).encode())


def tallied_seq(world, number: int) -> int:
    return TallyBatch.objects.get(dialogue=world.dialogue, number=number).seq


def test_my_votes_says_which_batch_published_each_vote_and_offers_the_receipt(secret):
    secret.vote("bella", -1)
    client = secret.client("bella")
    page = client.get(f"/d/{secret.dialogue.slug}/my-votes/").content.decode()
    assert "Waiting for the next batch." in page and "Download my vote receipt" in page
    assert "How votes are shown: only totals are public." in page
    secret.vote("bashir narek lilit", 1)
    assert "Published in batch 1." in client.get(f"/d/{secret.dialogue.slug}/my-votes/").content.decode()
    response = client.get(f"/d/{secret.dialogue.slug}/my-votes/receipt.json")
    assert response["Cache-Control"] == "no-store" and json.loads(response.content)["votes"][0]["batch"] == 1
    assert secret.client("alice").get(f"/d/{secret.dialogue.slug}/my-votes/receipt.json").json()["votes"] == []


def participants_shown(world) -> dict[str, int]:
    answer = Client().get(f"/api/v1/dialogues/{world.dialogue.slug}/results/").json()
    return {row["side"]: row["participants"] for row in answer["participants_per_side"]}


def test_participants_of_a_totals_only_dialogue_join_unseen_and_are_counted_in_the_next_batch(secret):
    shown, joins = participants_shown(secret), RecordEntry.objects.filter(type="membership.joined").count()
    newcomer = join(secret.aynur, secret.side_a, "Newcomer")
    # No entry (the last is the co-chair's invitation), no count moves: nothing marks the moment one person joined.
    assert RecordEntry.objects.filter(dialogue=secret.dialogue).order_by("-seq")[0].type == "invite.created"
    assert RecordEntry.objects.filter(type="membership.joined").count() == joins == 6  # the officials only
    assert participants_shown(secret) == shown
    secret.vote("alice aysel farid", 1)
    (batch,) = tallied(secret)
    assert batch["joined"] == {"A": 3, "B": 2}  # alice, aysel and the newcomer; bella and bashir
    assert participants_shown(secret) == {"A": shown["A"] + 3, "B": shown["B"] + 2}
    with committed(secret.capture):
        actions.do_submit_statement(newcomer, "Open the dam's logs.", "en")
    entry = json.loads(bytes(RecordEntry.objects.filter(dialogue=secret.dialogue).order_by("-seq")[0].data))
    assert entry["type"] == "statement.submitted" and entry["actor"] == {"side": "A", "role": "participant"}
    assert "Newcomer" not in json.dumps(entry)


def test_closing_publishes_the_joins_still_waiting_even_with_no_vote_waiting(secret):
    join(secret.aynur, secret.side_a, "Latecomer")
    propose_and_approve(secret.aynur, secret.gayane, "status", {"status": Dialogue.Status.CLOSED})
    batches = tallied(secret)
    assert sum(b.get("joined", {}).get("A", 0) for b in batches) == 3  # alice, aysel and the latecomer
    bundle = io.BytesIO()
    export_bundle(Dialogue.objects.get(pk=secret.dialogue.pk), bundle)
    assert verify_bundle(io.BytesIO(bundle.getvalue())).ok


def test_votes_cannot_be_made_public_once_a_participant_joined_under_the_totals_only_promise(secret):
    with pytest.raises(ActionError, match="joined this dialogue under the promise"):
        governance.do_propose(secret.aynur, "vote_visibility", {"vote_visibility": "individual"})


def test_before_anyone_joins_the_co_chairs_may_make_votes_public_and_may_always_tighten(world):
    dialogue, chair = actions.do_create_dialogue(
        world.aynur.user,
        title={"en": "Fresh talks"},
        description={},
        languages=["en"],
        sides=SIDES,
        my_side=0,
        handle="Chair",
    )
    assert dialogue.vote_visibility == Dialogue.VoteVisibility.AGGREGATE
    other = join(chair, dialogue.ordered_sides()[1], "Other chair", Membership.Role.COCHAIR, user=world.gayane.user)
    propose_and_approve(chair, other, "vote_visibility", {"vote_visibility": "individual"})
    dialogue.refresh_from_db()
    assert dialogue.vote_visibility == Dialogue.VoteVisibility.INDIVIDUAL
    propose_and_approve(world.aynur, world.gayane, "vote_visibility", {"vote_visibility": "aggregate"})
    world.dialogue.refresh_from_db()
    assert world.dialogue.vote_visibility == Dialogue.VoteVisibility.AGGREGATE


@pytest.mark.parametrize(
    ("visibility", "expected"),
    [
        ("aggregate", "How votes are shown: only totals are public."),
        ("individual", "How votes are shown: every vote is public."),
    ],
)
def test_the_invitation_and_vote_pages_say_how_votes_are_shown(db, visibility, expected):
    world = build_world(f"told-{visibility}", vote_visibility=visibility)
    _invite, token = actions.do_create_invite(world.aynur, side_id=world.side_a.pk)
    from django.test import Client

    assert expected in Client().get(f"/join/{token}/").content.decode()
    assert expected in world.client("alice").get(f"/d/{world.dialogue.slug}/vote/").content.decode()
    my_votes = world.client("alice").get(f"/d/{world.dialogue.slug}/my-votes/").content.decode()
    assert expected in my_votes
    assert ("but not your votes" in my_votes) == (visibility == "individual")


def test_the_verifier_rejects_an_analysis_that_counted_votes_still_waiting(secret, monkeypatch):
    secret.vote("alice aysel farid", 1)
    secret.vote("bella", -1)  # waits
    from parley.analysis import tasks

    # A server that analyses every vote, waiting ones too, yet says the analysis ends at batch 1.
    monkeypatch.setattr(tasks, "published_votes", lambda dialogue_id, upto_batch: _all_votes(dialogue_id))
    analyse_now(secret.dialogue.pk)
    record_actions.do_make_checkpoint(secret.dialogue.pk)
    out = io.BytesIO()
    export_bundle(Dialogue.objects.get(pk=secret.dialogue.pk), out)
    report = verify_bundle(io.BytesIO(out.getvalue()))
    assert not report.ok and "side A: the analysis counts [4, 0, 0], batch 1 published [2, 0, 0]" in report.problems[0]


def _all_votes(dialogue_id: int) -> dict:
    rows = VoteHistory.objects.filter(statement__dialogue_id=dialogue_id).order_by("cast_at", "id")
    return {(r.membership_id, r.statement_id): (r.value, r.membership.side.label) for r in rows}


def test_the_analysis_of_a_batch_leaves_out_statements_written_after_it(secret):
    secret.vote("alice aysel farid", 1)
    with committed(secret.capture):
        secret.statement("gayane", "Written after the batch.")
    published = json.loads(analyse_now(secret.dialogue.pk).published_json)
    assert {s["id"] for s in published["statements"]} == {str(secret.river.pk)}
