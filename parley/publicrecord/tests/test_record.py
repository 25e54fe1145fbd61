"""Every change lands in the record, in the same transaction, in canonical form, and can be proven."""

import base64
import json
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from parley.checkpoints import actions as record_actions
from parley.checkpoints.models import Checkpoint
from parley.dialogues import actions
from parley.dialogues.access import ActionError
from parley.ledger.models import RecordEntry
from parley.ledger.openings import opened_entries
from parley.record import Checkpoint as Head
from parley.record import keys, leaf_hash, parse_canonical, verify_consistency, verify_inclusion
from parley.testing.personas import propose_and_approve

pytestmark = pytest.mark.django_db


def entries(world):
    return opened_entries(world.dialogue.pk, RecordEntry.objects.filter(dialogue=world.dialogue).order_by("seq"))


def test_the_dialogues_history_is_in_its_record_in_order(world):
    types = [e["type"] for e in entries(world)]
    assert types[:2] == ["dialogue.created", "membership.joined"]
    assert types.count("membership.joined") == 10  # both co-chairs, organizers, moderators, four participants
    assert types.count("invite.created") == 9
    assert "proposal.made" in types and "proposal.approved" in types and "dialogue.changed" in types
    assert [e["seq"] for e in entries(world)] == list(range(len(types)))


def test_entries_are_canonical_bytes_with_their_leaf_hash(world):
    world.statement("alice", "Çaylar ortaqdır.", "az")
    for row in RecordEntry.objects.filter(dialogue=world.dialogue):
        data = bytes(row.data)
        assert parse_canonical(data) is not None  # refuses anything not exactly canonical
        assert bytes(row.leaf_hash) == leaf_hash(data)


def test_a_vote_entry_names_the_pseudonym_and_side_never_the_account(world):
    statement = world.statement("bella", "Shared river monitoring.")
    actions.do_cast_vote(world.alice, statement.pk, "disagree")
    vote = [e for e in entries(world) if e["type"] == "vote.cast"][-1]
    assert vote["actor"] == {"member": world.alice.pk, "handle": "Alice", "side": "A", "role": "participant"}
    assert vote["payload"] == {"member": world.alice.pk, "statement": statement.pk, "value": -1}
    everything = b"".join(bytes(e.data) for e in RecordEntry.objects.all()).decode()
    assert world.aynur.user.username not in everything


def test_invite_tokens_appear_only_as_commitments(world):
    invite, token = actions.do_create_invite(world.aynur, side_id=world.side_a.pk)
    entry = [e for e in entries(world) if e["type"] == "invite.created"][-1]
    assert entry["payload"]["invite"] == invite.pk and token not in json.dumps(entry)
    assert invite.token_hash not in json.dumps(entry)


def test_with_only_totals_public_a_vote_writes_no_entry_and_a_statement_names_no_author(world):
    propose_and_approve(world.gayane, world.aynur, "vote_visibility", {"vote_visibility": "aggregate"})
    world.bella.refresh_from_db()
    statement = world.statement("bella", "Private ballot.")
    world.alice.refresh_from_db()
    before = RecordEntry.objects.filter(dialogue=world.dialogue).count()
    actions.do_cast_vote(world.alice, statement.pk, "agree")
    assert RecordEntry.objects.filter(dialogue=world.dialogue).count() == before  # it waits for a batch
    submitted = entries(world)[-1]
    assert submitted["type"] == "statement.submitted" and submitted["actor"] == {"side": "B", "role": "participant"}


def test_a_refused_action_writes_no_entry(world):
    before = RecordEntry.objects.count()
    with pytest.raises(ActionError):
        actions.do_submit_statement(world.alice, "", "en")
    token = actions.do_create_invite(world.aynur, side_id=world.side_a.pk)[1]
    with pytest.raises(ActionError):
        actions.do_join(token, handle="Aynur", language="en")
    assert RecordEntry.objects.count() == before + 1  # only the invitation


@pytest.mark.django_db(transaction=True)
def test_entries_are_written_only_inside_an_action_transaction():
    from parley.ledger import log
    from parley.testing.personas import build_world

    world = build_world(slug="outside")
    with pytest.raises(RuntimeError):
        log.append(
            world.dialogue.pk,
            "appeal.answered",
            {"appeal": 1, "statement": 1, "case": 1, "answer": "uphold", "outcome": "upheld"},
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's")
def test_postgresql_refuses_to_change_or_delete_an_entry(world):
    from django.db import DatabaseError

    entry = RecordEntry.objects.filter(dialogue=world.dialogue).first()
    assert entry is not None
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        RecordEntry.objects.filter(pk=entry.pk).update(type="forged")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        RecordEntry.objects.filter(pk=entry.pk).delete()


def register_key(member):
    private = keys.generate_private_key()
    record_actions.do_register_key(member, keys.public_key_to_b64url(keys.public_key_raw(private)))
    return private


def test_both_co_chairs_co_sign_a_checkpoint_that_verifies(world):
    from parley.checkpoints.queries import signed_checkpoint_dict
    from parley.record import SignedCheckpoint, SignerKey, verify

    key_a, key_b = register_key(world.aynur), register_key(world.gayane)
    checkpoint = record_actions.do_make_checkpoint(world.dialogue.pk, by=world.aynur)
    for member, key in ((world.aynur, key_a), (world.gayane, key_b)):
        signature = base64.b64encode(keys.sign(key, bytes(checkpoint.body))).decode()
        record_actions.do_cosign_checkpoint(member, checkpoint.pk, signature)
    signed = SignedCheckpoint.from_dict(signed_checkpoint_dict(checkpoint))
    trusted = [SignerKey(s.role, s.name, s.public_key) for s in signed.signatures]
    result = verify(signed, trusted, require_roles=("server", "cochair-a", "cochair-b"))
    assert set(result.roles) == {"server", "cochair-a", "cochair-b"}
    head = Head.from_body(bytes(checkpoint.body))
    assert head.root_hash == record_actions.record_tree(world.dialogue.pk, head.tree_size).root()


def test_a_signature_from_another_key_or_over_other_bytes_is_refused(world):
    register_key(world.aynur)
    checkpoint = record_actions.do_make_checkpoint(world.dialogue.pk)
    stranger = keys.generate_private_key()
    for signature in (keys.sign(stranger, bytes(checkpoint.body)), b"\x00" * 64):
        with pytest.raises(ActionError, match="does not match"):
            record_actions.do_cosign_checkpoint(world.aynur, checkpoint.pk, base64.b64encode(signature).decode())
    assert checkpoint.signatures.count() == 1  # the server's


def test_only_co_chairs_register_keys_and_make_checkpoints(world):
    from django.core.exceptions import PermissionDenied

    public = keys.public_key_to_b64url(keys.public_key_raw(keys.generate_private_key()))
    for name in ("alice", "farid", "elvin"):
        with pytest.raises(PermissionDenied):
            record_actions.do_register_key(world.members[name], public)
        with pytest.raises(PermissionDenied):
            record_actions.do_make_checkpoint(world.dialogue.pk, by=world.members[name])
    for bad in ("not a key", "", 42):
        with pytest.raises(ActionError):
            record_actions.do_register_key(world.aynur, bad)


def test_closing_the_dialogue_seals_its_record_with_a_checkpoint(world):
    propose_and_approve(world.aynur, world.gayane, "status", {"status": "closed"})
    checkpoint = Checkpoint.objects.get(dialogue=world.dialogue)
    last_before = RecordEntry.objects.filter(dialogue=world.dialogue, type="dialogue.changed").last()
    assert last_before is not None
    assert checkpoint.tree_size == last_before.seq + 1


def test_the_api_gives_proofs_that_an_rfc_9162_verifier_accepts(world, client):
    record_actions.do_make_checkpoint(world.dialogue.pk)
    old = record_actions.record_tree(world.dialogue.pk).size
    world.statement("alice", "Grow the record.")
    slug = world.dialogue.slug
    proof = client.get(reverse("api:api_proof", args=[slug, 3]) + f"?size={old}").json()
    verify_inclusion(
        base64.b64decode(proof["leaf_hash"]),
        3,
        old,
        [base64.b64decode(h) for h in proof["path"]],
        base64.b64decode(proof["root_hash"]),
    )
    consistency = client.get(reverse("api:api_consistency", args=[slug]) + f"?from={old}").json()
    verify_consistency(
        old,
        consistency["to"],
        [base64.b64decode(h) for h in consistency["proof"]],
        base64.b64decode(consistency["from_root"]),
        base64.b64decode(consistency["to_root"]),
    )
    listing = client.get(reverse("api:api_record", args=[slug]) + "?after=2&limit=2").json()
    assert [json.loads(e["entry"])["seq"] for e in listing["entries"]] == [3, 4]
    assert client.get(reverse("api:api_proof", args=[slug, 10_000])).status_code == 400
    assert client.get(reverse("api:api_record", args=[slug]) + "?after=x").status_code == 400


def test_record_pages_are_public_for_open_dialogues_and_private_for_drafts(world, db):
    from parley.testing.personas import build_world

    record_actions.do_make_checkpoint(world.dialogue.pk)
    for name in ("record", "checkpoints"):
        page = Client().get(reverse(f"publicrecord:{name}", args=[world.dialogue.slug]))
        assert page.status_code == 200
    page = Client().get(reverse("publicrecord:record", args=[world.dialogue.slug]) + "?type=vote.cast")
    assert "membership.joined</code>" not in page.content.decode()
    draft = build_world(slug="draft-record", open_dialogue=False)
    assert Client().get(reverse("publicrecord:record", args=["draft-record"])).status_code == 404
    assert draft.client("bella").get(reverse("publicrecord:record", args=["draft-record"])).status_code == 200
    assert world.client("alice").get(reverse("publicrecord:signing", args=[world.dialogue.slug])).status_code == 403
    assert world.client("gayane").get(reverse("publicrecord:signing", args=[world.dialogue.slug])).status_code == 200


def test_texts_and_pseudonyms_are_in_the_record_only_as_salted_commitments(world):
    statement = world.statement("bella", "Shared river monitoring.")
    raw = [json.loads(bytes(e.data)) for e in RecordEntry.objects.filter(dialogue=world.dialogue).order_by("seq")]
    submitted = next(e for e in raw if e["type"] == "statement.submitted")
    assert set(submitted["payload"]["text"]) == {"commitment"}
    assert set(submitted["actor"]["handle"]) == {"commitment"} and submitted["actor"]["member"] == world.bella.pk
    everything = b"".join(bytes(e.data) for e in RecordEntry.objects.filter(dialogue=world.dialogue))
    assert b"Shared river monitoring." not in everything and b"Bella" not in everything
    assert statement.pk == submitted["payload"]["statement"]


def test_the_record_api_opens_each_sealed_value_with_its_salt(world, client):
    from parley.record.sealing import open_value, replace_at, split

    world.statement("bella", "Shared river monitoring.")
    url = reverse("api:api_record", args=[world.dialogue.slug]) + "?type=statement.submitted"
    item = client.get(url).json()["entries"][-1]
    entry = json.loads(item["entry"])
    values = {o["path"]: o["value"] for o in item["openings"]}
    assert values == {"actor/handle": "Bella", "payload/text": "Shared river monitoring."}
    for opening in item["openings"]:
        sealed = entry
        for part in split(opening["path"]):
            sealed = sealed[part]
        assert open_value(sealed, opening["value"], base64.b64decode(opening["salt"]))
    assert replace_at(entry, "payload/text", "x")["payload"]["text"] == "x"


def test_the_record_page_shows_opened_values_not_commitments(world, client):
    world.statement("bella", "Shared river monitoring.")
    page = client.get(reverse("publicrecord:record", args=[world.dialogue.slug]) + "?type=statement.submitted")
    html = page.content.decode()
    assert "Shared river monitoring." in html and "A participant of Side B wrote statement no." in html
    assert "{&#x27;commitment&#x27;" not in html


def test_append_refuses_an_unknown_entry_type_or_a_payload_without_its_fields_and_writes_nothing(world):
    from parley.ledger import log

    before = RecordEntry.objects.filter(dialogue=world.dialogue).count()
    with transaction.atomic():
        with pytest.raises(ValueError, match=r"unknown record entry type 'vote\.casted'"):
            log.append(world.dialogue.pk, "vote.casted", {"statement": 1, "value": 1}, actor=world.bella)
        with pytest.raises(ValueError, match=r"vote\.cast entry lacks its field 'value'"):
            log.append(world.dialogue.pk, "vote.cast", {"statement": 1}, actor=world.bella)
        with pytest.raises(ValueError, match="lacks its field"):
            log.append_pending(world.dialogue.pk, "vote.cast", {"statement": 1}, actor=world.bella)
    assert RecordEntry.objects.filter(dialogue=world.dialogue).count() == before


def test_the_record_log_imports_no_app_above_it_and_names_roles_as_the_dialogues_app_does():
    import ast

    from parley.dialogues.models import Dialogue, Membership
    from parley.ledger import log

    tree = ast.parse(Path(log.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not {name for name in imported if name.startswith(("parley.dialogues", "parley.proposals"))}
    assert (log.PARTICIPANT, log.AGGREGATE) == (Membership.Role.PARTICIPANT, Dialogue.VoteVisibility.AGGREGATE)
