"""An exported dialogue checks out with an independent RFC 9162 and C2SP signed-note client.

The client (`parley/record/tests/independent.py`) is written from the specifications and shares
no code with `parley.record`. It reads only what an outsider has: the bundle, the JSON API and the
checkpoint text page; it checks every leaf hash, every checkpoint's root, the server's and both
co-chairs' signatures as C2SP signed notes, and the inclusion and consistency proofs the API serves.
"""

import base64
import hashlib
import io
import json
import zipfile

import pytest
from django.test import Client

from parley.checkpoints import actions as record_actions
from parley.checkpoints.models import Checkpoint
from parley.dialogues import actions
from parley.joint import actions as joint_actions
from parley.joint.tests.joint_setup import finalised, register_keys, signature
from parley.moderation import actions as moderation
from parley.publicrecord.export import export_bundle
from parley.record.tests import independent

pytestmark = pytest.mark.django_db


def b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def co_signed_checkpoint(world, private) -> Checkpoint:
    checkpoint = record_actions.do_make_checkpoint(world.dialogue.pk)
    for name in ("aynur", "gayane"):
        record_actions.do_cosign_checkpoint(
            world.members[name], checkpoint.pk, signature(private[name], bytes(checkpoint.body))
        )
    return checkpoint


@pytest.fixture
def exported(world):
    """A dialogue with votes, an analysis, moderation, a ratified joint statement and two
    checkpoints co-signed by both co-chairs; its bundle's files."""
    joint = finalised(world)
    private = register_keys(world)
    for name in ("aynur", "gayane"):
        joint_actions.do_sign_joint(world.members[name], joint.pk, signature(private[name], bytes(joint.canonical)))
    rude = world.statement("bella", "You are all fools.")
    moderation.do_hold(world.elvin, rude.pk, "insult", "Rude")
    co_signed_checkpoint(world, private)
    later = world.statement("bashir", "Publish the water data weekly.")
    for name in ("alice", "aysel", "bella"):
        actions.do_cast_vote(world.members[name], later.pk, "agree")
    co_signed_checkpoint(world, private)
    out = io.BytesIO()
    export_bundle(world.dialogue, out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_an_independent_client_checks_every_leaf_root_signature_and_proof(world, exported):
    api = f"/api/v1/dialogues/{world.dialogue.slug}"
    client = Client()
    lines = exported["record.jsonl"].split(b"\n")[:-1]
    leaves = [independent.leaf(line) for line in lines]
    entries = [json.loads(line) for line in lines]

    served = client.get(f"{api}/record/", {"limit": 1000}).json()
    assert served["size"] == len(lines)
    assert [e["entry"].encode("utf-8") for e in served["entries"]] == lines
    assert [base64.b64decode(e["leaf_hash"]) for e in served["entries"]] == leaves

    checkpoints = json.loads(exported["checkpoints.json"])["checkpoints"]
    assert len(checkpoints) == 2
    assert client.get(f"{api}/checkpoints/").json()["checkpoints"] == checkpoints
    origin = checkpoints[0]["origin"]
    cochair_keys = {
        e["payload"]["side"]: b64url(e["payload"]["public_key"]) for e in entries if e["type"] == "key.registered"
    }
    server_key = b64url(next(s for s in checkpoints[0]["signatures"] if s["role"] == "server")["public_key"])
    verifiers = [
        independent.Verifier.parse(independent.verifier_key(f"{origin}/{role}", key))
        for role, key in [("server", server_key)] + [(f"cochair-{s.lower()}", k) for s, k in cochair_keys.items()]
    ]
    for checkpoint, stored in zip(checkpoints, Checkpoint.objects.order_by("tree_size"), strict=True):
        body = client.get(f"/d/{world.dialogue.slug}/record/checkpoints/{stored.pk}/body.txt").content
        note = body.decode("utf-8") + "\n"
        for s in checkpoint["signatures"]:
            key = b64url(s["public_key"])
            assert s["fingerprint"] == hashlib.sha256(key).hexdigest()
            note += independent.sign_line(s["name"], key, base64.b64decode(s["signature"]))
        text, signed = independent.open_note(note, verifiers)
        assert signed == {f"{origin}/server", f"{origin}/cochair-a", f"{origin}/cochair-b"}
        head = independent.parse_checkpoint(text)
        assert (head.origin, head.size) == (origin, checkpoint["tree_size"])
        assert head.extensions == (f"time {checkpoint['timestamp']}",)
        assert head.root == base64.b64decode(checkpoint["root_hash"]) == independent.mth(leaves[: head.size])

    sizes = [c["tree_size"] for c in checkpoints]
    roots = {c["tree_size"]: base64.b64decode(c["root_hash"]) for c in checkpoints}
    for size in sizes:
        for seq in range(size):
            proof = client.get(f"{api}/record/{seq}/proof/", {"size": size}).json()
            path = [base64.b64decode(h) for h in proof["path"]]
            independent.verify_inclusion(seq, size, leaves[seq], path, roots[size])
    full = len(lines)
    roots[full] = independent.mth(leaves)
    for old, new in [(sizes[0], sizes[1]), (sizes[0], full), (sizes[1], full), (1, sizes[0])]:
        roots.setdefault(old, independent.mth(leaves[:old]))
        answer = client.get(f"{api}/consistency/", {"from": old, "to": new}).json()
        path = [base64.b64decode(h) for h in answer["proof"]]
        independent.verify_consistency(old, new, roots[old], roots[new], path)


def test_the_independent_client_notices_a_changed_entry_or_signature(world, exported):
    lines = exported["record.jsonl"].split(b"\n")[:-1]
    checkpoint = json.loads(exported["checkpoints.json"])["checkpoints"][0]
    changed = [*lines[:3], lines[3].replace(b'"seq":3', b'"seq":3 '), *lines[4:]]
    size = checkpoint["tree_size"]
    assert independent.mth([independent.leaf(x) for x in changed[:size]]) != base64.b64decode(checkpoint["root_hash"])
    origin = checkpoint["origin"]
    server = next(s for s in checkpoint["signatures"] if s["role"] == "server")
    key = b64url(server["public_key"])
    verifier = independent.Verifier.parse(independent.verifier_key(server["name"], key))
    body = f"{origin}\n{size + 1}\n{checkpoint['root_hash']}\ntime {checkpoint['timestamp']}\n"
    note = body + "\n" + independent.sign_line(server["name"], key, base64.b64decode(server["signature"]))
    with pytest.raises(independent.Invalid):
        independent.open_note(note, [verifier])
