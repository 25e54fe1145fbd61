import base64
import hashlib
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.record import keys
from parley.record.checkpoint import (
    Checkpoint,
    CheckpointError,
    Signature,
    SignatureError,
    SignedCheckpoint,
    SignerKey,
    key_id,
    sign_checkpoint,
    verify,
)

ORIGIN = "parley.example.org/d/water-talks"
ROOT = hashlib.sha256(b"some root").digest()
ROOT_B64 = base64.b64encode(ROOT).decode()
CHECKPOINT = Checkpoint(ORIGIN, 1024, ROOT, 1767225600)
URLSAFE_ROOT = base64.urlsafe_b64encode(bytes(range(200, 232))).decode()
ALL_ROLES = {"server", "cochair-a", "cochair-b"}

# golang.org/x/mod/sumdb/note's documented example: the verifier key and signer key of
# "PeterNeumann" (base64 of 0x01 || key) and its signature line over this text.
GO_PUBLIC = base64.b64decode("ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")[1:]
GO_SEED = base64.b64decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")[1:]
GO_TEXT = b"If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
GO_SIGNATURE_BLOB = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="


def signer(role: str) -> tuple[Ed25519PrivateKey, SignerKey]:
    # Fixed seeds keep failures reproducible.
    private = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(role.encode()).digest())
    return private, SignerKey(role, f"{ORIGIN}/{role}", keys.public_key_raw(private))


SIGNERS = {role: signer(role) for role in sorted(ALL_ROLES)}
TRUSTED = [trusted for _, trusted in SIGNERS.values()]


def signed_by(*roles: str, checkpoint: Checkpoint = CHECKPOINT) -> SignedCheckpoint:
    signed = SignedCheckpoint(checkpoint)
    for role in roles:
        private, trusted = SIGNERS[role]
        signed = signed.with_signature(sign_checkpoint(checkpoint, private, role=role, name=trusted.name))
    return signed


def test_the_body_is_the_c2sp_checkpoint_with_a_time_extension_line():
    assert CHECKPOINT.body() == f"{ORIGIN}\n1024\n{ROOT_B64}\ntime 1767225600\n".encode()


@given(
    st.text(st.characters(exclude_categories=["Z", "C"], exclude_characters="+"), min_size=1, max_size=40),
    st.integers(0, 2**64 - 1),
    st.binary(min_size=32, max_size=32),
    st.integers(0, 2**64 - 1),
)
def test_every_checkpoint_body_parses_back_to_the_same_checkpoint(origin, size, root_hash, timestamp):
    checkpoint = Checkpoint(origin, size, root_hash, timestamp)
    assert Checkpoint.from_body(checkpoint.body()) == checkpoint


@pytest.mark.parametrize(
    "body",
    [
        f"{ORIGIN}\n1024\n{ROOT_B64}\n",  # no time line
        f"{ORIGIN}\n1024\n{ROOT_B64}\ntime 1767225600\nmore\n",  # an extra line
        f"{ORIGIN}\n1024\n{ROOT_B64}\ntime 1767225600",  # no final newline
        f"{ORIGIN}\n1024\n{ROOT_B64}\ntime 1767225600\n\n",  # a blank line
        f"{ORIGIN}\r\n1024\r\n{ROOT_B64}\r\ntime 1767225600\r\n",  # CRLF
        f"{ORIGIN}\n01024\n{ROOT_B64}\ntime 1767225600\n",  # leading zero
        f"{ORIGIN}\n+1024\n{ROOT_B64}\ntime 1767225600\n",
        f"{ORIGIN}\n-1\n{ROOT_B64}\ntime 1767225600\n",
        f"{ORIGIN}\n１０２４\n{ROOT_B64}\ntime 1767225600\n",  # full-width digits
        f"{ORIGIN}\n{2**64}\n{ROOT_B64}\ntime 1767225600\n",  # beyond uint64
        f"{ORIGIN}\n1024\n{ROOT_B64.rstrip('=')}\ntime 1767225600\n",  # unpadded base64
        f"{ORIGIN}\n1024\n{URLSAFE_ROOT}\ntime 1767225600\n",  # base64url
        f"{ORIGIN}\n1024\n{base64.b64encode(ROOT[:31]).decode()}\ntime 1767225600\n",  # 31-byte root
        f"{ORIGIN}\n1024\n{ROOT_B64}\ntime 01767225600\n",
        f"{ORIGIN}\n1024\n{ROOT_B64}\nTime 1767225600\n",
        f"{ORIGIN}\n1024\n{ROOT_B64}\ntime  1767225600\n",
        f"{ORIGIN}\n1024\n{ROOT_B64}\ntimestamp 1767225600\n",
        f"\n1024\n{ROOT_B64}\ntime 1767225600\n",  # empty origin
        f"parley example\n1024\n{ROOT_B64}\ntime 1767225600\n",  # space in origin
        f"parley+example\n1024\n{ROOT_B64}\ntime 1767225600\n",  # plus in origin
        f"parley\texample\n1024\n{ROOT_B64}\ntime 1767225600\n",
    ],
)
def test_malformed_bodies_are_refused(body):
    with pytest.raises(CheckpointError):
        Checkpoint.from_body(body.encode())


def test_a_body_that_is_not_utf8_is_refused():
    with pytest.raises(CheckpointError, match="UTF-8"):
        Checkpoint.from_body(b"\xff\n1\n" + ROOT_B64.encode() + b"\ntime 1\n")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"tree_size": -1}, "tree size"),
        ({"tree_size": True}, "tree size"),
        ({"tree_size": 2**64}, "tree size"),
        ({"timestamp": 1.5}, "timestamp"),
        ({"root_hash": ROOT[:31]}, "32 bytes"),
        ({"root_hash": ROOT.hex()}, "32 bytes"),
        ({"origin": ""}, "origin"),
        ({"origin": "a\nb"}, "origin"),
        ({"origin": "a\u00a0b"}, "origin"),
    ],
)
def test_checkpoints_with_impossible_fields_cannot_be_made(fields, message):
    with pytest.raises(CheckpointError, match=message):
        Checkpoint(**{**CHECKPOINT.to_dict(), "root_hash": ROOT, **fields})


def test_key_ids_follow_the_c2sp_rule_and_match_go_sumdb_note():
    assert key_id("PeterNeumann", GO_PUBLIC).hex() == "c74f20a3"
    _, trusted = SIGNERS["server"]
    expected = hashlib.sha256(trusted.name.encode() + b"\n\x01" + trusted.public_key).digest()[:4]
    assert trusted.key_id == expected


def test_our_ed25519_note_signature_reproduces_go_sumdb_note_byte_for_byte():
    private = Ed25519PrivateKey.from_private_bytes(GO_SEED)
    blob = key_id("PeterNeumann", GO_PUBLIC) + keys.sign(private, GO_TEXT)
    assert base64.b64encode(blob).decode() == GO_SIGNATURE_BLOB


def test_signatures_by_the_server_and_both_co_chairs_verify():
    result = verify(signed_by("server", "cochair-a", "cochair-b"), TRUSTED, require_roles=ALL_ROLES)
    assert result.roles == ALL_ROLES
    assert result.ignored == ()


def test_two_co_signers_verify_without_the_server():
    result = verify(signed_by("cochair-a", "cochair-b"), TRUSTED, require_roles={"cochair-a", "cochair-b"})
    assert result.roles == {"cochair-a", "cochair-b"}


def test_a_missing_required_signature_is_reported_by_role():
    with pytest.raises(SignatureError, match="no valid signature by cochair-b"):
        verify(signed_by("server", "cochair-a"), TRUSTED, require_roles=ALL_ROLES)


def test_signatures_do_not_carry_over_to_a_changed_checkpoint():
    signed = signed_by("server", "cochair-a", "cochair-b")
    for changed in [
        Checkpoint(ORIGIN, 1025, ROOT, CHECKPOINT.timestamp),
        Checkpoint(ORIGIN, 1024, hashlib.sha256(b"other").digest(), CHECKPOINT.timestamp),
        Checkpoint(ORIGIN, 1024, ROOT, CHECKPOINT.timestamp + 1),
        Checkpoint(ORIGIN + "x", 1024, ROOT, CHECKPOINT.timestamp),
    ]:
        with pytest.raises(SignatureError, match=r"server .* does not verify"):
            verify(SignedCheckpoint(changed, signed.signatures), TRUSTED)


@given(st.integers(0, 63), st.integers(0, 7))
def test_a_flipped_bit_in_a_signature_fails_and_names_the_signer(position, bit):
    signed = signed_by("server", "cochair-a", "cochair-b")
    good = signed.signatures[1]
    sig = bytearray(good.signature)
    sig[position] ^= 1 << bit
    bad = Signature(good.role, good.name, good.public_key, bytes(sig))
    with pytest.raises(SignatureError, match=f"signature by {good.role} {good.name}"):
        verify(signed.with_signature(bad), TRUSTED)


def test_a_signature_claiming_another_role_than_its_trusted_key_fails():
    good = signed_by("cochair-a").signatures[0]
    relabelled = Signature("cochair-b", good.name, good.public_key, good.signature)
    with pytest.raises(SignatureError, match="another key or role"):
        verify(SignedCheckpoint(CHECKPOINT, (relabelled,)), TRUSTED)


def test_signatures_by_unknown_keys_are_ignored_but_listed():
    stranger = Ed25519PrivateKey.from_private_bytes(b"\x07" * 32)
    extra = sign_checkpoint(CHECKPOINT, stranger, role="witness", name="witness.example.net")
    result = verify(signed_by("server").with_signature(extra), TRUSTED)
    assert result.roles == {"server"}
    assert result.ignored == (extra,)


def test_a_checkpoint_signed_by_no_trusted_key_fails():
    with pytest.raises(SignatureError, match="no signature by a trusted key"):
        verify(signed_by("server"), [SIGNERS["cochair-a"][1]])
    with pytest.raises(SignatureError, match="no signature by a trusted key"):
        verify(SignedCheckpoint(CHECKPOINT), TRUSTED)


def test_signing_again_with_the_same_key_replaces_the_old_signature():
    signed = signed_by("server", "cochair-a", "server")
    assert [s.role for s in signed.signatures] == ["cochair-a", "server"]


def test_the_json_form_round_trips_and_is_plain_json():
    signed = signed_by("server", "cochair-a", "cochair-b")
    data = json.loads(json.dumps(signed.to_dict()))
    assert data["root_hash"] == ROOT_B64
    assert data["signatures"][0]["fingerprint"] == keys.fingerprint(SIGNERS["server"][1].public_key)
    assert data["signatures"][0]["public_key"] == keys.public_key_to_b64url(SIGNERS["server"][1].public_key)
    assert SignedCheckpoint.from_dict(data) == signed


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(extra=1), "unknown \\['extra'\\]"),
        (lambda d: d.pop("timestamp"), "missing \\['timestamp'\\]"),
        (lambda d: d.update(root_hash=ROOT_B64.rstrip("=")), "root hash is not"),
        (lambda d: d.update(signatures={}), "must be a list"),
        (lambda d: d["signatures"][0].update(fingerprint="00" * 32), "fingerprint of .* does not match"),
        (lambda d: d["signatures"][0].update(public_key="AAAA"), "32 raw bytes"),
        (lambda d: d["signatures"][0].update(public_key=None), "base64url string"),
        (lambda d: d["signatures"][0].update(signature="AAAA"), "64 bytes"),
        (lambda d: d["signatures"][0].update(name="a b"), "key name"),
        (lambda d: d["signatures"][0].update(role=""), "role"),
        (lambda d: d["signatures"][0].pop("role"), "missing \\['role'\\]"),
    ],
)
def test_malformed_json_is_refused(change, message):
    data = signed_by("server").to_dict()
    change(data)
    with pytest.raises(CheckpointError, match=message):
        SignedCheckpoint.from_dict(data)


def test_the_note_form_is_the_body_a_blank_line_and_one_c2sp_line_per_signature():
    signed = signed_by("server", "cochair-a")
    lines = "".join(f"— {s.name} {base64.b64encode(s.key_id + s.signature).decode()}\n" for s in signed.signatures)
    assert signed.to_note() == CHECKPOINT.body().decode() + "\n" + lines
    assert SignedCheckpoint.from_note(signed.to_note(), TRUSTED) == signed


def test_reading_a_note_keeps_only_lines_by_known_keys():
    signed = signed_by("server", "cochair-a", "cochair-b")
    known = [SIGNERS["cochair-a"][1]]
    assert SignedCheckpoint.from_note(signed.to_note(), known).signatures == (signed.signatures[1],)


@pytest.mark.parametrize(
    "note",
    [
        CHECKPOINT.body().decode(),  # no signatures at all
        CHECKPOINT.body().decode() + "\n",  # a blank line and nothing after it
        CHECKPOINT.body().decode() + "\n- name AAAAAAAA\n",  # hyphen instead of em dash
        CHECKPOINT.body().decode() + "\n— name\n",
        CHECKPOINT.body().decode() + "\n— name !!!!\n",
        CHECKPOINT.body().decode() + "\n— name AAAA\n",  # only a key ID
        CHECKPOINT.body().decode() + "\n— a+b AAAAAAAA\n",  # '+' in a key name
        CHECKPOINT.body().decode() + "\n— name AAAAAAAA",  # no final newline
        CHECKPOINT.body().decode() + "\n— name AAAAAAAA\x07\n",  # a control character
    ],
)
def test_malformed_notes_are_refused(note):
    with pytest.raises(CheckpointError):
        SignedCheckpoint.from_note(note, TRUSTED)


@settings(max_examples=150)
@given(st.data())
def test_changing_any_byte_of_a_signed_note_is_detected(data):
    note = signed_by("server", "cochair-a", "cochair-b").to_note().encode()
    position = data.draw(st.integers(0, len(note) - 1))
    value = data.draw(st.integers(0, 255).filter(lambda b: b != note[position]))
    tampered = note[:position] + bytes([value]) + note[position + 1 :]
    # Detected means: unreadable, or a signature fails, or a required signer no longer counts.
    with pytest.raises((CheckpointError, UnicodeDecodeError)):
        signed = SignedCheckpoint.from_note(tampered.decode("utf-8"), TRUSTED)
        verify(signed, TRUSTED, require_roles=ALL_ROLES)
