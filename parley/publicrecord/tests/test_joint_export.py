"""A ratified joint statement travels in the exported bundle, and `parley verify` checks it."""

import base64
import hashlib
import io
import json
import zipfile

import pytest

from parley.checkpoints import actions as record_actions
from parley.joint import actions as joint_actions
from parley.joint.tests.joint_setup import finalised, register_keys, signature
from parley.publicrecord.export import export_bundle
from parley.record import keys
from parley.record.verifier import verify_bundle

pytestmark = pytest.mark.django_db
JOINT = "joint_statements.json"


def ratified(world, *, both: bool = True):
    joint = finalised(world)
    private = register_keys(world)
    names = ("aynur", "gayane") if both else ("aynur",)
    for name in names:
        joint_actions.do_sign_joint(world.members[name], joint.pk, signature(private[name], bytes(joint.canonical)))
    record_actions.do_make_checkpoint(world.dialogue.pk)
    joint.refresh_from_db()
    return joint, private


def bundle_of(world) -> bytes:
    out = io.BytesIO()
    export_bundle(world.dialogue, out)
    return out.getvalue()


def with_file(bundle: bytes, name: str, data: bytes) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bundle)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, data if info.filename == name else source.read(info))
    out.seek(0)
    return out


def joint_file(bundle: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        return json.loads(archive.read(JOINT))


def rewritten(data: dict) -> bytes:
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def test_the_bundle_carries_the_ratified_statement_and_verifies_it(world):
    joint, _private = ratified(world)
    bundle = bundle_of(world)
    (item,) = joint_file(bundle)["joint_statements"]
    assert item["canonical"].encode("utf-8") == bytes(joint.canonical)
    assert [s["role"] for s in item["signatures"]] == ["cochair-a", "cochair-b"]
    report = verify_bundle(io.BytesIO(bundle))
    assert report.ok, report.problems
    assert f"joint statement {joint.pk} (version 1" in report.summary
    assert "ratified by both co-chairs" in report.summary
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        assert "joint_statements.json" in archive.read("README.md").decode()


def test_a_statement_signed_by_one_side_only_verifies_as_not_yet_ratified(world):
    ratified(world, both=False)
    report = verify_bundle(io.BytesIO(bundle_of(world)))
    assert report.ok, report.problems
    assert "signed by cochair-a; not yet ratified" in report.summary


def test_a_changed_byte_of_the_text_fails_naming_the_joint_statement(world):
    joint, _private = ratified(world)
    bundle = bundle_of(world)
    data = joint_file(bundle)
    item = data["joint_statements"][0]
    item["canonical"] = item["canonical"].replace("river", "rivers", 1)
    report = verify_bundle(with_file(bundle, JOINT, rewritten(data)))
    assert not report.ok
    assert f"joint_statements.json: joint statement {joint.pk}: its text differs" in report.problems[0]
    # With its digest written anew, the record's joint.finalised entry still tells.
    item["sha256"] = hashlib.sha256(item["canonical"].encode("utf-8")).hexdigest()
    report = verify_bundle(with_file(bundle, JOINT, rewritten(data)))
    assert not report.ok
    assert f"joint statement {joint.pk}: its text differs from the version 1 that entry" in report.problems[0]


def test_a_changed_signature_or_another_key_fails_naming_the_joint_statement(world):
    joint, _private = ratified(world)
    bundle = bundle_of(world)
    data = joint_file(bundle)
    item = data["joint_statements"][0]["signatures"][1]
    forged = bytearray(base64.b64decode(item["signature"]))
    forged[0] ^= 1
    item["signature"] = base64.b64encode(bytes(forged)).decode()
    report = verify_bundle(with_file(bundle, JOINT, rewritten(data)))
    assert (
        not report.ok and f"joint statement {joint.pk}: the cochair-b signature does not verify" in report.problems[0]
    )

    data = joint_file(bundle)
    other = keys.generate_private_key()
    data["joint_statements"][0]["signatures"][1].update(
        public_key=keys.public_key_to_b64url(keys.public_key_raw(other)),
        fingerprint=keys.fingerprint(keys.public_key_raw(other)),
        signature=signature(other, bytes(joint.canonical)),
    )
    report = verify_bundle(with_file(bundle, JOINT, rewritten(data)))
    assert not report.ok and "never registered in the record" in report.problems[0]


def test_a_dropped_signature_the_record_recorded_fails(world):
    joint, _private = ratified(world)
    bundle = bundle_of(world)
    data = joint_file(bundle)
    data["joint_statements"][0]["signatures"].pop()
    report = verify_bundle(with_file(bundle, JOINT, rewritten(data)))
    assert not report.ok and f"joint statement {joint.pk}: the cochair-b signature that entry" in report.problems[0]
