"""Every export and import is vouched for by a server checkpoint; co-chairs are told what awaits them.

Before, a new dialogue exported at once, or any imported one, failed `parley verify` ("no
checkpoint, so nothing vouches for the record") right after `export` said to verify it.
"""

import base64
import io

import pytest
from click.testing import CliRunner
from django.urls import reverse

from parley.checkpoints import actions as record_actions
from parley.checkpoints.models import Checkpoint
from parley.cli import main
from parley.dialogues import actions
from parley.ledger.models import RecordEntry
from parley.publicrecord.export import export_bundle
from parley.publicrecord.importer import do_import_polis
from parley.publicrecord.tests.test_import_polis import small_dataset
from parley.record import keys
from parley.record.verifier import verify_bundle

pytestmark = pytest.mark.django_db


def exported(dialogue) -> io.BytesIO:
    out = io.BytesIO()
    export_bundle(dialogue, out)
    out.seek(0)
    return out


def test_an_imported_dialogue_is_vouched_for_by_a_server_checkpoint_at_once():
    dialogue = do_import_polis(small_dataset(), title="Small talk", sides={"1": "AZ", "2": "AM"})
    checkpoint = Checkpoint.objects.get(dialogue=dialogue)
    entries = RecordEntry.objects.filter(dialogue=dialogue)
    assert checkpoint.tree_size == entries.exclude(type="checkpoint.signed").count()
    assert list(checkpoint.signatures.values_list("role", flat=True)) == ["server"]
    report = verify_bundle(exported(dialogue))
    assert report.state == "verified", report.summary
    assert Checkpoint.objects.filter(dialogue=dialogue).count() == 1


def test_an_export_makes_a_server_checkpoint_only_when_new_entries_await_one(world):
    statement = world.statement("aynur", "Clean rivers for all.")
    assert not Checkpoint.objects.filter(dialogue=world.dialogue).exists()
    report = verify_bundle(exported(world.dialogue))
    assert report.state == "verified", report.summary
    assert report.warnings == (f"checkpoint of {report.checkpoints[0].tree_size} lacks cochair-a, cochair-b",)
    exported(world.dialogue)
    assert Checkpoint.objects.filter(dialogue=world.dialogue).count() == 1
    actions.do_cast_vote(world.alice, statement.pk, 1)
    report = verify_bundle(exported(world.dialogue))
    assert report.state == "verified", report.summary
    assert [c.tree_size for c in report.checkpoints] == list(
        Checkpoint.objects.filter(dialogue=world.dialogue).order_by("tree_size").values_list("tree_size", flat=True)
    )
    assert len(report.checkpoints) == 2


def test_co_chairs_are_told_on_the_dialogue_page_what_awaits_a_checkpoint_and_their_signature(world):
    world.statement("aynur", "Clean rivers for all.")
    page = reverse("dialogues:detail", args=[world.dialogue.slug])
    signing_page = reverse("publicrecord:signing", args=[world.dialogue.slug])
    body = world.client("aynur").get(page).content.decode()
    assert "not yet covered by a checkpoint" in body and f'href="{signing_page}"' in body
    for name in ("alice", "elvin"):
        assert "signing-notice" not in world.client(name).get(page).content.decode()

    checkpoint = record_actions.do_make_checkpoint(world.dialogue.pk)
    body = world.client("aynur").get(page).content.decode()
    assert "not yet covered by a checkpoint" not in body
    assert "1 checkpoint waits for your signature." in body
    assert "1 checkpoint waits for your signature." in world.client("aynur").get(signing_page).content.decode()

    private = keys.generate_private_key()
    record_actions.do_register_key(world.aynur, keys.public_key_to_b64url(keys.public_key_raw(private)))
    signature = base64.b64encode(keys.sign(private, bytes(checkpoint.body))).decode()
    record_actions.do_cosign_checkpoint(world.aynur, checkpoint.pk, signature)
    body = world.client("aynur").get(page).content.decode()
    # Her key registration came after the checkpoint: it awaits the next one, her signature nothing.
    assert "waits for your signature" not in body and "1 record entry is not yet covered" in body
    assert "1 checkpoint waits for your signature." in world.client("gayane").get(page).content.decode()


def test_an_imported_conversation_exported_by_the_command_verifies_with_exit_0(tmp_path):
    folder = tmp_path / "polis"
    folder.mkdir()
    (folder / "comments.csv").write_text(
        "comment-id,moderated,comment-body\n10,1,Rivers first.\n11,1,Roads second.\n", encoding="utf-8"
    )
    (folder / "votes.csv").write_text(
        "timestamp,comment-id,voter-id,vote\n1,10,1,1\n2,10,2,-1\n3,11,1,0\n4,11,2,1\n", encoding="utf-8"
    )
    runner = CliRunner()
    imported = runner.invoke(main, ["import-polis", str(folder), "--slug", "small-talk"])
    assert imported.exit_code == 0, imported.output
    bundle = tmp_path / "small-talk.zip"
    exported = runner.invoke(main, ["export", "small-talk", str(bundle)])
    assert exported.exit_code == 0, exported.output
    assert "Made a server-signed checkpoint" not in exported.output  # the import made it
    verified = runner.invoke(main, ["verify", str(bundle)])
    assert verified.exit_code == 0, verified.output
    assert "signed by server" in verified.output and verified.output.strip().endswith("all checks hold")


def test_the_export_command_says_when_it_made_a_checkpoint(world, tmp_path):
    world.statement("aynur", "Clean rivers for all.")
    result = CliRunner().invoke(main, ["export", world.dialogue.slug, str(tmp_path / "b.zip")])
    assert result.exit_code == 0, result.output
    size = Checkpoint.objects.get(dialogue=world.dialogue).tree_size
    assert f"Made a server-signed checkpoint of {size} entries" in result.output
    assert CliRunner().invoke(main, ["verify", str(tmp_path / "b.zip")]).exit_code == 0
