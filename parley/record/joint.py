"""Joint statements: their canonical bytes, the file a bundle carries them in, and their checks.

Both co-chairs sign exactly the canonical bytes of a statement's final version, all languages
together, with Ed25519 and no prefix: `canonical_statement` makes them, `joint.finalised` in the
record commits to their SHA-256, and `check_joint` tells whether a statement's signatures are
the ones the record says were made, by keys its sides' co-chairs registered. Pure: no Django.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from parley.record import keys
from parley.record.canonical import CanonicalError, canonical_json, load_json, parse_canonical

JOINT_STATEMENTS = "joint_statements.json"
TYPE = "parley.joint-statement"


class JointError(ValueError):
    """A joint statement whose bytes or signatures do not hold; the message names it."""


def canonical_statement(
    *,
    dialogue: str,
    joint: int,
    version: int,
    title: Mapping[str, str],
    clauses: Sequence[Mapping[str, Any]],
    sides: Sequence[str],
) -> bytes:
    """Return the bytes both co-chairs sign: the final version in every language, canonical JSON."""
    return canonical_json(
        {
            "type": TYPE,
            "dialogue": dialogue,
            "joint": joint,
            "version": version,
            "title": dict(title),
            "clauses": [
                {"texts": dict(c["texts"]), "original": c["original"], "sources": list(c["sources"])} for c in clauses
            ],
            "sides": list(sides),
        }
    )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class JointSignature:
    """One co-chair's signature: the role it signs under, the raw public key and the 64 bytes."""

    role: str
    public_key: bytes
    signature: bytes

    def to_dict(self) -> dict[str, str]:
        return {
            "role": self.role,
            "public_key": keys.public_key_to_b64url(self.public_key),
            "fingerprint": keys.fingerprint(self.public_key),
            "signature": base64.b64encode(self.signature).decode("ascii"),
        }


@dataclass(frozen=True)
class SignedJoint:
    """A finalised joint statement as a bundle carries it: its canonical bytes and signatures."""

    joint: int
    version: int
    canonical: bytes
    signatures: tuple[JointSignature, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "joint": self.joint,
            "version": self.version,
            "sha256": sha256(self.canonical),
            "canonical": self.canonical.decode("utf-8"),
            "signatures": [s.to_dict() for s in sorted(self.signatures, key=lambda s: s.role)],
        }

    @classmethod
    def from_dict(cls, data: Any) -> SignedJoint:
        """Read one item of joint_statements.json; raise JointError if it is malformed."""
        if not isinstance(data, Mapping):
            raise JointError("every joint statement is a JSON object")
        joint, version, text = data.get("joint"), data.get("version"), data.get("canonical")
        if not isinstance(joint, int) or not isinstance(version, int) or not isinstance(text, str):
            raise JointError("a joint statement has an integer joint and version and its canonical text")
        where = f"joint statement {joint}"
        signatures = data.get("signatures")
        if not isinstance(signatures, list):
            raise JointError(f"{where}: signatures is not a list")
        canonical = text.encode("utf-8")
        if data.get("sha256") != sha256(canonical):
            raise JointError(f"{where}: its text differs from the sha256 written with it (one of them was changed)")
        found = []
        for item in signatures:
            try:
                signature = JointSignature(
                    str(item["role"]),
                    keys.public_key_from_b64url(str(item["public_key"])),
                    base64.b64decode(str(item["signature"]), validate=True),
                )
            except (KeyError, TypeError, binascii.Error, ValueError) as error:
                raise JointError(f"{where}: a signature cannot be read ({error})") from None
            if item.get("fingerprint") != keys.fingerprint(signature.public_key):
                raise JointError(f"{where}: the {signature.role} fingerprint is not that of its public key")
            found.append(signature)
        return cls(joint, version, canonical, tuple(found))


def joint_statements_json(statements: Sequence[SignedJoint]) -> bytes:
    """Return the one byte form of joint_statements.json: by joint id, sorted keys, final newline."""
    data = {"joint_statements": [s.to_dict() for s in sorted(statements, key=lambda s: s.joint)]}
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def read_joint_statements(data: bytes) -> list[SignedJoint]:
    """Parse joint_statements.json; raise JointError unless it is in its one written form."""
    try:
        items = load_json(data)["joint_statements"]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as error:
        raise JointError(f"not a JSON object with a list of joint statements ({error})") from None
    if not isinstance(items, list):
        raise JointError("joint_statements is not a list")
    statements = [SignedJoint.from_dict(item) for item in items]
    if joint_statements_json(statements) != data:
        raise JointError("not in its one written form (spacing, order or spelling was changed)")
    return statements


@dataclass
class RecordedJoint:
    """What the record says about one joint statement: its final digest, signatures and ratification."""

    joint: int
    seq: int
    version: int
    sha256: str
    # role -> (fingerprint, base64 signature, seq of the joint.signed entry)
    signed: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    ratified: str | None = None


@dataclass(frozen=True)
class JointCheck:
    joint: int
    version: int
    sha256: str
    signed_by: tuple[str, ...]
    ratified: bool

    @property
    def summary(self) -> str:
        head = f"joint statement {self.joint} (version {self.version}, sha256 {self.sha256[:16]}…)"
        if self.ratified:
            return f"{head} ratified by both co-chairs ({', '.join(self.signed_by)})"
        if self.signed_by:
            return f"{head} finalised, signed by {', '.join(self.signed_by)}; not yet ratified"
        return f"{head} finalised; not yet signed"


def check_joint(
    statement: SignedJoint,
    recorded: RecordedJoint | None,
    *,
    dialogue: str,
    roles: Sequence[str],
    registered: Mapping[str, Mapping[str, tuple[int, int | None]]],
) -> JointCheck:
    """Check STATEMENT against what the record says; raise JointError naming it if anything differs.

    ROLES are the co-chair roles of the dialogue's sides, REGISTERED the base64url public keys the
    record registered for each role's co-chair, each with its term (`DialogueState.cochair_keys`).
    """
    where = f"joint statement {statement.joint}"
    if recorded is None:
        raise JointError(f"{where}: no joint.finalised entry in the record vouches for it")
    digest = sha256(statement.canonical)
    if digest != recorded.sha256 or statement.version != recorded.version:
        raise JointError(
            f"{where}: its text differs from the version {recorded.version} that entry {recorded.seq} finalised "
            "(SHA-256 mismatch)"
        )
    try:
        body = parse_canonical(statement.canonical)
    except CanonicalError as error:
        raise JointError(f"{where}: the text is not canonical JSON: {error}") from None
    if (
        not isinstance(body, dict)
        or body.get("type") != TYPE
        or body.get("dialogue") != dialogue
        or body.get("joint") != statement.joint
        or body.get("version") != statement.version
    ):
        raise JointError(f"{where}: the text is not this dialogue's joint statement {statement.joint}")
    if len(set(roles)) != len(roles):
        raise JointError(f"{where}: two sides sign under the same role, so no signature can stand for one side")
    valid: dict[str, JointSignature] = {}
    for signature in statement.signatures:
        if signature.role not in roles:
            raise JointError(f"{where}: a signature under role {signature.role!r}, not a co-chair's")
        if signature.role in valid:
            raise JointError(f"{where}: two signatures under {signature.role}")
        term = registered.get(signature.role, {}).get(keys.public_key_to_b64url(signature.public_key))
        if term is None:
            raise JointError(
                f"{where}: the {signature.role} signature is by key {keys.short_fingerprint(signature.public_key)}, "
                "which that side's co-chair never registered in the record"
            )
        if not keys.verify(signature.public_key, statement.canonical, signature.signature):
            raise JointError(f"{where}: the {signature.role} signature does not verify over its text")
        made = recorded.signed.get(signature.role)
        encoded = base64.b64encode(signature.signature).decode("ascii")
        if made is None or made[:2] != (keys.fingerprint(signature.public_key), encoded):
            raise JointError(f"{where}: the record has no joint.signed entry for this {signature.role} signature")
        registered_at, retired_at = term
        if not registered_at < made[2] or (retired_at is not None and retired_at < made[2]):
            raise JointError(
                f"{where}: the {signature.role} signature that entry {made[2]} records is by a key whose owner was "
                "not that side's co-chair then"
            )
        valid[signature.role] = signature
    for role, (_fingerprint, _signature, seq) in recorded.signed.items():
        if role not in valid:
            raise JointError(f"{where}: the {role} signature that entry {seq} records is missing")
    both = all(role in valid for role in roles)
    if recorded.ratified is not None and (recorded.ratified != digest or not both):
        raise JointError(f"{where}: the record says it was ratified, but both co-chairs did not sign these bytes")
    return JointCheck(statement.joint, statement.version, digest, tuple(r for r in roles if r in valid), both)
