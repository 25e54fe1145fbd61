"""A joint statement holds only with its finalised bytes and both co-chairs' registered keys."""

from __future__ import annotations

import base64

import pytest

from parley.record import keys
from parley.record.joint import (
    JointError,
    JointSignature,
    RecordedJoint,
    SignedJoint,
    canonical_statement,
    check_joint,
    joint_statements_json,
    read_joint_statements,
    sha256,
)
from parley.record.replay import ReplayError, replay
from parley.record.tests.records import COCHAIR_KEYS, private_key

ROLES = ["cochair-az", "cochair-am"]
TEXT = canonical_statement(
    dialogue="water-talks",
    joint=1,
    version=2,
    title={"en": "On the river", "az": "Çay haqqında"},
    clauses=[
        {"texts": {"en": "Water is shared.", "hy": "Ջուրը ընդհանուր է։"}, "original": "en", "sources": [3]},
    ],
    sides=["AZ", "AM"],
)
REGISTERED: dict[str, dict[str, tuple[int, int | None]]] = {
    "cochair-az": {keys.public_key_to_b64url(keys.public_key_raw(COCHAIR_KEYS["AZ"])): (10, None)},
    "cochair-am": {keys.public_key_to_b64url(keys.public_key_raw(COCHAIR_KEYS["AM"])): (11, None)},
}


def signature(role: str, key, data: bytes = TEXT) -> JointSignature:
    return JointSignature(role, keys.public_key_raw(key), keys.sign(key, data))


def recorded_for(*signatures: JointSignature, ratified: bool = True) -> RecordedJoint:
    joint = RecordedJoint(1, 40, 2, sha256(TEXT))
    for n, s in enumerate(signatures):
        joint.signed[s.role] = (keys.fingerprint(s.public_key), base64.b64encode(s.signature).decode(), 41 + n)
    joint.ratified = sha256(TEXT) if ratified else None
    return joint


BOTH = (signature("cochair-az", COCHAIR_KEYS["AZ"]), signature("cochair-am", COCHAIR_KEYS["AM"]))


def check(statement: SignedJoint, recorded: RecordedJoint):
    return check_joint(statement, recorded, dialogue="water-talks", roles=ROLES, registered=REGISTERED)


def test_the_canonical_bytes_hold_every_language_and_sort_their_keys():
    assert TEXT.startswith(b'{"clauses":[{"original":"en","sources":[3],"texts":{"en":"Water is shared."')
    assert "Ջուրը".encode() in TEXT and b'"type":"parley.joint-statement"' in TEXT


def test_a_statement_signed_by_both_co_chairs_over_its_finalised_bytes_is_ratified():
    result = check(SignedJoint(1, 2, TEXT, BOTH), recorded_for(*BOTH))
    assert result.ratified and result.signed_by == ("cochair-az", "cochair-am")
    assert "joint statement 1" in result.summary and "ratified by both co-chairs" in result.summary


def test_a_changed_byte_of_the_text_fails_naming_the_statement():
    tampered = TEXT.replace(b"Water is shared.", b"Water is theirs.")
    with pytest.raises(JointError, match="joint statement 1: its text differs"):
        check(SignedJoint(1, 2, tampered, BOTH), recorded_for(*BOTH))


def test_a_signature_by_a_key_the_co_chair_never_registered_fails():
    forged = (BOTH[0], signature("cochair-am", private_key("Mallory")))
    with pytest.raises(JointError, match="joint statement 1: the cochair-am signature is by key"):
        check(SignedJoint(1, 2, TEXT, forged), recorded_for(*forged))


def test_a_changed_signature_fails():
    bad = JointSignature("cochair-am", BOTH[1].public_key, bytes(64))
    with pytest.raises(JointError, match="cochair-am signature does not verify"):
        check(SignedJoint(1, 2, TEXT, (BOTH[0], bad)), recorded_for(BOTH[0], bad))


def test_one_signature_only_is_not_ratified_and_cannot_be_claimed_as_ratified():
    one = (BOTH[0],)
    result = check(SignedJoint(1, 2, TEXT, one), recorded_for(*one, ratified=False))
    assert not result.ratified and "not yet ratified" in result.summary
    with pytest.raises(JointError, match="says it was ratified"):
        check(SignedJoint(1, 2, TEXT, one), recorded_for(*one, ratified=True))


def test_a_signature_the_record_recorded_must_be_in_the_file():
    with pytest.raises(JointError, match="cochair-am signature that entry 42 records is missing"):
        check(SignedJoint(1, 2, TEXT, (BOTH[0],)), recorded_for(*BOTH, ratified=False))


def test_the_file_has_one_written_form():
    data = joint_statements_json([SignedJoint(1, 2, TEXT, BOTH)])
    assert read_joint_statements(data)[0].canonical == TEXT
    with pytest.raises(JointError, match="one written form"):
        read_joint_statements(data.replace(b"  ", b"   "))


def test_replay_keeps_the_finalised_digest_and_refuses_a_signature_over_other_bytes():
    created = {
        "seq": 0,
        "type": "dialogue.created",
        "time": "2026-01-01T00:00:00.000000Z",
        "dialogue": "water-talks",
        "actor": None,
        "payload": {
            "sides": [
                {"position": 0, "label": "AZ", "name": {}, "colour": "#000000"},
                {"position": 1, "label": "AM", "name": {}, "colour": "#ffffff"},
            ],
            "title": {},
            "description": {},
            "languages": ["en"],
            "status": "open",
            "vote_visibility": "individual",
        },
    }

    def entry(seq: int, kind: str, payload: dict) -> dict:
        return {**created, "seq": seq, "type": kind, "payload": payload}

    digest = sha256(TEXT)
    finalised = entry(1, "joint.finalised", {"joint": 1, "version": 2, "sha256": digest, "participant_vote": False})
    signed = {"joint": 1, "version": 2, "sha256": digest, "role": "cochair-az", "fingerprint": "f", "signature": "s"}
    state = replay([created, finalised, entry(2, "joint.signed", signed), entry(3, "joint.ratified", signed)])
    assert state.joints[1].sha256 == digest and state.joints[1].ratified == digest
    assert state.joints[1].signed["cochair-az"] == ("f", "s", 2)
    with pytest.raises(ReplayError, match="entry 2: sha256 is not the one"):
        replay([created, finalised, entry(2, "joint.signed", {**signed, "sha256": "0" * 64})])


def test_a_signature_made_after_its_owner_stopped_being_co_chair_fails():
    retired: dict[str, dict[str, tuple[int, int | None]]] = {
        **REGISTERED,
        "cochair-am": {k: (11, 41) for k in REGISTERED["cochair-am"]},
    }
    with pytest.raises(JointError, match="not that side's co-chair then"):
        check_joint(
            SignedJoint(1, 2, TEXT, BOTH), recorded_for(*BOTH), dialogue="water-talks", roles=ROLES, registered=retired
        )
    # Retired after signing: the signature stands.
    later: dict[str, dict[str, tuple[int, int | None]]] = {
        **REGISTERED,
        "cochair-am": {k: (11, 50) for k in REGISTERED["cochair-am"]},
    }
    assert check_joint(
        SignedJoint(1, 2, TEXT, BOTH), recorded_for(*BOTH), dialogue="water-talks", roles=ROLES, registered=later
    ).ratified


def test_sides_sharing_one_signing_role_never_ratify():
    with pytest.raises(JointError, match="same role"):
        check_joint(
            SignedJoint(1, 2, TEXT, BOTH[:1]),
            recorded_for(*BOTH[:1]),
            dialogue="water-talks",
            roles=["cochair-az", "cochair-az"],
            registered=REGISTERED,
        )
