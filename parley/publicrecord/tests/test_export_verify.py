"""A dialogue's exported bundle verifies offline; a changed, dropped or moved entry in the database does not."""

import base64
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from parley.analysis.tasks import analyse_now
from parley.checkpoints import actions as record_actions
from parley.checkpoints import signing
from parley.checkpoints.models import SigningKey
from parley.dialogues import actions
from parley.dialogues.access import ActionError
from parley.engine import analyze, read_folder, read_sides
from parley.ledger import log
from parley.ledger.models import RecordEntry
from parley.publicrecord.export import export_bundle
from parley.record import keys
from parley.record.verifier import verify_bundle
from parley.testing.personas import propose_and_approve
from parley.testing.tampering import overwrite_entry

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


def co_signed(world) -> dict:
    """Votes, a published analysis, and a checkpoint signed by the server and both co-chairs.

    Returns the co-chairs' private keys by name."""
    statements = [world.statement("aynur", "Clean rivers for all."), world.statement("gayane", "Open the border.")]
    for name, values in {"alice": (1, -1), "aysel": (1, 0), "bella": (1, 1), "bashir": (0, 1)}.items():
        for statement, value in zip(statements, values, strict=True):
            actions.do_cast_vote(world.members[name], statement.pk, value)
    actions.do_cast_vote(world.alice, statements[1].pk, 1)  # a changed vote: the history keeps both
    analyse_now(world.dialogue.pk)
    private = {}
    for name in ("aynur", "gayane"):
        private[name] = keys.generate_private_key()
        record_actions.do_register_key(
            world.members[name], keys.public_key_to_b64url(keys.public_key_raw(private[name]))
        )
    checkpoint = record_actions.do_make_checkpoint(world.dialogue.pk)
    for name in ("aynur", "gayane"):
        signature = base64.b64encode(keys.sign(private[name], bytes(checkpoint.body))).decode()
        record_actions.do_cosign_checkpoint(world.members[name], checkpoint.pk, signature)
    return private


def bundle_of(world) -> io.BytesIO:
    out = io.BytesIO()
    export_bundle(world.dialogue, out)
    out.seek(0)
    return out


def test_the_exported_bundle_verifies_with_both_sides_signatures_and_the_analysis_recomputed(world):
    co_signed(world)
    report = verify_bundle(bundle_of(world))
    assert report.ok, report.problems
    assert "reproduced from entries" in report.analysis
    assert {"server", "cochair-a", "cochair-b"} <= set(report.checkpoints[-1].signed_by)


def test_a_replaced_co_chairs_key_vouches_only_for_history_up_to_their_replacement(world):
    private = co_signed(world)
    propose_and_approve(world.aynur, world.gayane, "role", {"member": world.farid.pk, "role": "cochair"})
    later = record_actions.do_make_checkpoint(world.dialogue.pk)
    role = signing.cochair_role(world.aynur.side)
    # The first checkpoint ends before the replacement: the former co-chair's signature still counts.
    report = verify_bundle(bundle_of(world))
    assert report.ok, report.problems
    assert role in report.checkpoints[0].signed_by
    assert role in report.checkpoints[-1].missing
    # The site refuses their signature on the later checkpoint: only a present co-chair may co-sign.
    signature = keys.sign(private["aynur"], bytes(later.body))
    world.aynur.refresh_from_db()
    with pytest.raises(PermissionDenied):
        record_actions.do_cosign_checkpoint(world.aynur, later.pk, base64.b64encode(signature).decode())
    # A host colluding with them could store it anyway; the verifier does not count it for side A.
    former = SigningKey.objects.filter(membership=world.aynur).latest("created_at")  # revoked when she stepped down
    name = signing.key_name(world.dialogue, role)
    record_actions._store_signature(later, role, name, bytes(former.public_key), signature, former)
    report = verify_bundle(bundle_of(world))
    assert not report.ok
    assert f"checkpoint of {later.tree_size}" in report.problems[0]
    assert "while co-chair through the history it signs" in report.problems[0]


def test_a_co_chair_appointed_again_signs_with_a_new_key_and_the_bundle_verifies(world):
    private = co_signed(world)
    propose_and_approve(world.aynur, world.gayane, "role", {"member": world.farid.pk, "role": "cochair"})
    world.farid.refresh_from_db()
    propose_and_approve(world.farid, world.gayane, "role", {"member": world.aynur.pk, "role": "cochair"})
    world.aynur.refresh_from_db()
    later = record_actions.do_make_checkpoint(world.dialogue.pk)
    # Stepping down revoked her key, as the record retired it: the old key signs no more.
    old = base64.b64encode(keys.sign(private["aynur"], bytes(later.body))).decode()
    with pytest.raises(ActionError, match="Register your signing key first"):
        record_actions.do_cosign_checkpoint(world.aynur, later.pk, old)
    fresh = keys.generate_private_key()
    record_actions.do_register_key(world.aynur, keys.public_key_to_b64url(keys.public_key_raw(fresh)))
    later = record_actions.do_make_checkpoint(world.dialogue.pk)
    record_actions.do_cosign_checkpoint(
        world.aynur, later.pk, base64.b64encode(keys.sign(fresh, bytes(later.body))).decode()
    )
    report = verify_bundle(bundle_of(world))
    assert report.ok, report.problems
    assert signing.cochair_role(world.aynur.side) in report.checkpoints[-1].signed_by


def test_a_key_registration_by_someone_the_record_shows_is_no_longer_co_chair_is_not_trusted(world):
    co_signed(world)
    propose_and_approve(world.aynur, world.gayane, "role", {"member": world.farid.pk, "role": "cochair"})
    # A host colluding with the former co-chair writes a key.registration claiming she acted as co-chair.
    forged = keys.generate_private_key()
    raw = keys.public_key_raw(forged)
    world.aynur.role = "cochair"  # only in memory, for the entry's actor field
    log.append(
        world.dialogue.pk,
        "key.registered",
        {
            "member": world.aynur.pk,
            "side": world.aynur.side.label,
            "role": "cochair",
            "public_key": keys.public_key_to_b64url(raw),
            "fingerprint": keys.fingerprint(raw),
        },
        actor=world.aynur,
    )
    later = record_actions.do_make_checkpoint(world.dialogue.pk)
    role = signing.cochair_role(world.aynur.side)
    name = signing.key_name(world.dialogue, role)
    record_actions._store_signature(later, role, name, raw, keys.sign(forged, bytes(later.body)), None)
    report = verify_bundle(bundle_of(world))
    assert not report.ok and "while co-chair" in report.problems[0]


def test_an_entry_changed_directly_in_the_database_is_detected_and_named(world):
    co_signed(world)
    vote = RecordEntry.objects.filter(dialogue=world.dialogue, type="vote.cast").first()
    assert vote is not None
    overwrite_entry(vote, bytes(vote.data).replace(b'"value":1', b'"value":-1'))
    report = verify_bundle(bundle_of(world))
    assert not report.ok
    # One signed root covers the entries, so the verifier names the range the changed one is in.
    problem = report.problems[0]
    first, last = (int(n) for n in problem.split("one of entries ")[1].split(" ")[0].split("–"))
    assert first <= vote.seq <= last and "was changed" in problem


def test_a_dropped_or_reordered_entry_is_detected(world):
    co_signed(world)
    original = bundle_of(world).getvalue()
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    lines = files["record.jsonl"].splitlines(keepends=True)
    for changed in ([*lines[:5], *lines[6:]], [*lines[:5], lines[6], lines[5], *lines[7:]]):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name, data in files.items():
                archive.writestr(name, b"".join(changed) if name == "record.jsonl" else data)
        out.seek(0)
        report = verify_bundle(out)
        assert not report.ok and "entry 5" in " ".join(report.problems)


def test_the_bundles_polis_csvs_give_the_same_analysis_in_parley_analyze(world, tmp_path):
    co_signed(world)
    with zipfile.ZipFile(bundle_of(world)) as archive:
        archive.extractall(tmp_path)
    dataset = read_folder(tmp_path)
    again = analyze(
        dataset.votes,
        sides=read_sides(tmp_path / "sides.csv"),
        # The published analysis names statements by id only (texts may later be withdrawn).
        texts=dict.fromkeys(dataset.texts, ""),
        moderated_out=dataset.moderated_out,
        meta=dataset.meta,
    )
    assert again.to_json(timings=False) == (tmp_path / "analysis.json").read_text(encoding="utf-8")


@pytest.mark.django_db(transaction=True)
def test_parley_export_and_parley_verify_on_the_command_line(tmp_path):
    from parley.testing.personas import build_world

    world = build_world(slug="exported")
    co_signed(world)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    if connection.vendor == "sqlite":
        pytest.skip("the test database lives in this process's memory; the PostgreSQL run covers the commands")
    env["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    bundle = tmp_path / "exported.zip"
    exported = subprocess.run(
        [sys.executable, "-m", "parley.cli", "export", "exported", str(bundle)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert exported.returncode == 0, exported.stderr
    verified = subprocess.run(
        [sys.executable, "-m", "parley.cli", "verify", str(bundle)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
