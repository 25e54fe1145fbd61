"""Checkpoints: signed tree heads in the C2SP tlog-checkpoint and signed-note formats.

A checkpoint's signed body is the C2SP tlog-checkpoint note text with one extension line:

    example.org/d/water-talks        origin
    1024                             tree size, decimal
    3q2+7w...=                       root hash, standard base64
    time 1767225600                  when it was made, Unix seconds UTC

We carry the time in a single extension line `time <seconds>`, spelled like the `time` line of
C2SP tlog-cosignature, because the record must say when a checkpoint was made and only the
signed body is covered by every signature. Generic checkpoint tools treat extension lines as
opaque, so they still read the origin, size and root. Parsing is strict: exactly these four
lines, decimals without leading zeros, canonical base64, so one checkpoint has one body.

The server signs with its key and each side's co-chair co-signs with their own; every signature
is Ed25519 over the body, with the C2SP signed-note key ID SHA-256(name || 0x0A || 0x01 ||
public key)[:4], so the note text form can be checked by any signed-note verifier.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from parley.record import keys
from parley.record.merkle import HASH_SIZE

_UINT64_LIMIT = 2**64
_DECIMAL = re.compile(r"0|[1-9][0-9]*")
_ED25519_TYPE = b"\x01"
_KEY_ID_SIZE = 4
_SIGNATURE_PREFIX = "\u2014 "  # em dash and a space open every signed-note signature line


class CheckpointError(ValueError):
    """A checkpoint, signature or note that is malformed."""


class SignatureError(CheckpointError):
    """A signed checkpoint whose signatures do not hold."""


@dataclass(frozen=True)
class Checkpoint:
    """The head of one dialogue's record: its tree size and root at a moment."""

    origin: str
    tree_size: int
    root_hash: bytes
    timestamp: int

    def __post_init__(self) -> None:
        _check_name(self.origin, "origin")
        _check_count(self.tree_size, "tree size")
        _check_count(self.timestamp, "timestamp")
        if not isinstance(self.root_hash, bytes) or len(self.root_hash) != HASH_SIZE:
            raise CheckpointError(f"root hash must be {HASH_SIZE} bytes")

    def body(self) -> bytes:
        """Return the signed note text: origin, size, base64 root, and the `time` extension line."""
        root = base64.b64encode(self.root_hash).decode("ascii")
        return f"{self.origin}\n{self.tree_size}\n{root}\ntime {self.timestamp}\n".encode()

    @classmethod
    def from_body(cls, data: bytes) -> Checkpoint:
        """Parse a body; raise CheckpointError unless it is exactly what `body()` would write."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise CheckpointError("checkpoint body is not valid UTF-8") from None
        lines = text.split("\n")
        if len(lines) != 5 or lines[4] != "":
            raise CheckpointError("checkpoint body must be exactly four lines, each ending in a newline")
        origin, size, root, time = lines[:4]
        if not time.startswith("time "):
            raise CheckpointError("the fourth line of a checkpoint body must be `time <seconds>`")
        seconds = _parse_decimal(time.removeprefix("time "), "timestamp")
        checkpoint = cls(origin, _parse_decimal(size, "tree size"), _b64decode(root, "root hash"), seconds)
        if checkpoint.body() != data:
            raise CheckpointError("checkpoint body is not in canonical form")
        return checkpoint

    def to_dict(self) -> dict[str, Any]:
        """Return the checkpoint as a JSON-friendly dict (root hash in standard base64)."""
        return {
            "origin": self.origin,
            "tree_size": self.tree_size,
            "root_hash": base64.b64encode(self.root_hash).decode("ascii"),
            "timestamp": self.timestamp,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Checkpoint:
        """Return the checkpoint a `to_dict()` dict describes; refuse missing or unknown fields."""
        _check_fields(data, {"origin", "tree_size", "root_hash", "timestamp"}, "checkpoint")
        return cls(data["origin"], data["tree_size"], _b64decode(data["root_hash"], "root hash"), data["timestamp"])


@dataclass(frozen=True)
class SignerKey:
    """A public key trusted to sign checkpoints, under its note key name and role."""

    role: str
    name: str
    public_key: bytes

    def __post_init__(self) -> None:
        _check_role(self.role)
        _check_name(self.name, "key name")
        _check_public_key(self.public_key)

    @property
    def key_id(self) -> bytes:
        """Return the C2SP signed-note key ID of this Ed25519 key."""
        return key_id(self.name, self.public_key)

    @property
    def fingerprint(self) -> str:
        """Return the hex SHA-256 fingerprint of the public key."""
        return keys.fingerprint(self.public_key)


@dataclass(frozen=True)
class Signature:
    """One signer's Ed25519 signature of a checkpoint body, with the key that made it."""

    role: str
    name: str
    public_key: bytes
    signature: bytes

    def __post_init__(self) -> None:
        _check_role(self.role)
        _check_name(self.name, "key name")
        _check_public_key(self.public_key)
        if not isinstance(self.signature, bytes) or len(self.signature) != keys.SIGNATURE_SIZE:
            raise CheckpointError(f"an Ed25519 signature is {keys.SIGNATURE_SIZE} bytes")

    @property
    def key_id(self) -> bytes:
        """Return the C2SP signed-note key ID of the signing key."""
        return key_id(self.name, self.public_key)

    @property
    def fingerprint(self) -> str:
        """Return the hex SHA-256 fingerprint of the signing key."""
        return keys.fingerprint(self.public_key)

    def to_dict(self) -> dict[str, Any]:
        """Return the signature as a JSON-friendly dict; the public key in base64url, as WebCrypto's."""
        return {
            "role": self.role,
            "name": self.name,
            "public_key": keys.public_key_to_b64url(self.public_key),
            "fingerprint": self.fingerprint,
            "signature": base64.b64encode(self.signature).decode("ascii"),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Signature:
        """Return the signature a `to_dict()` dict describes; its fingerprint must match its key."""
        _check_fields(data, {"role", "name", "public_key", "fingerprint", "signature"}, "signature")
        if not isinstance(data["public_key"], str):
            raise CheckpointError("signature public key must be a base64url string")
        try:
            public_key = keys.public_key_from_b64url(data["public_key"])
        except keys.KeyFormatError as error:
            raise CheckpointError(str(error)) from None
        signature = cls(data["role"], data["name"], public_key, _b64decode(data["signature"], "signature"))
        if data["fingerprint"] != signature.fingerprint:
            raise CheckpointError(f"fingerprint of {signature.name} does not match its public key")
        return signature


@dataclass(frozen=True)
class SignedCheckpoint:
    """A checkpoint with the signatures collected for it so far."""

    checkpoint: Checkpoint
    signatures: tuple[Signature, ...] = ()

    def with_signature(self, signature: Signature) -> SignedCheckpoint:
        """Return a copy with SIGNATURE added, replacing an earlier one by the same key."""
        others = tuple(s for s in self.signatures if (s.name, s.key_id) != (signature.name, signature.key_id))
        return SignedCheckpoint(self.checkpoint, (*others, signature))

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict: the checkpoint's fields and a list of signatures."""
        return {**self.checkpoint.to_dict(), "signatures": [s.to_dict() for s in self.signatures]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SignedCheckpoint:
        """Return the signed checkpoint a `to_dict()` dict describes."""
        _check_fields(data, {"origin", "tree_size", "root_hash", "timestamp", "signatures"}, "signed checkpoint")
        if not isinstance(data["signatures"], list):
            raise CheckpointError("signatures must be a list")
        checkpoint = Checkpoint.from_dict({k: v for k, v in data.items() if k != "signatures"})
        return cls(checkpoint, tuple(Signature.from_dict(s) for s in data["signatures"]))

    def to_note(self) -> str:
        """Return the C2SP signed-note text: the body, a blank line, one line per signature."""
        lines = [
            f"{_SIGNATURE_PREFIX}{s.name} {base64.b64encode(s.key_id + s.signature).decode('ascii')}\n"
            for s in self.signatures
        ]
        return self.checkpoint.body().decode("utf-8") + "\n" + "".join(lines)

    @classmethod
    def from_note(cls, text: str, known_keys: Iterable[SignerKey]) -> SignedCheckpoint:
        """Parse signed-note TEXT, keeping the signatures by KNOWN_KEYS.

        As the signed-note spec requires, signature lines from unknown keys are skipped: a note
        line carries only a key name and ID, and the public key comes from KNOWN_KEYS.
        Signatures are not verified here; call `verify`.
        """
        if any(ch < " " and ch != "\n" for ch in text):
            raise CheckpointError("a signed note must not contain control characters other than newline")
        split = text.rfind("\n\n")
        if split < 0 or not text.endswith("\n"):
            raise CheckpointError("a signed note is its text, a blank line, and signature lines")
        checkpoint = Checkpoint.from_body(text[: split + 1].encode("utf-8"))
        by_id = {(k.name, k.key_id): k for k in known_keys}
        signatures = []
        for line in text[split + 2 : -1].split("\n"):
            name, blob = _parse_signature_line(line)
            known = by_id.get((name, blob[:_KEY_ID_SIZE]))
            if known is not None:
                signatures.append(Signature(known.role, known.name, known.public_key, blob[_KEY_ID_SIZE:]))
        return cls(checkpoint, tuple(signatures))


@dataclass(frozen=True)
class Verification:
    """What `verify` found: the signatures that verified and those from keys it does not know."""

    verified: tuple[Signature, ...]
    ignored: tuple[Signature, ...]

    @property
    def roles(self) -> frozenset[str]:
        """Return the roles whose signatures verified."""
        return frozenset(s.role for s in self.verified)


def key_id(name: str, public_key: bytes) -> bytes:
    """Return the C2SP signed-note key ID: SHA-256(name || 0x0A || 0x01 || public key)[:4]."""
    _check_name(name, "key name")
    material = name.encode("utf-8") + b"\n" + _ED25519_TYPE + public_key
    return hashlib.sha256(material).digest()[:_KEY_ID_SIZE]


def sign_checkpoint(checkpoint: Checkpoint, private_key: Ed25519PrivateKey, *, role: str, name: str) -> Signature:
    """Return the signature of CHECKPOINT's body by PRIVATE_KEY, labelled with ROLE and key NAME."""
    return Signature(role, name, keys.public_key_raw(private_key), keys.sign(private_key, checkpoint.body()))


def verify(
    signed: SignedCheckpoint, trusted_keys: Iterable[SignerKey], *, require_roles: Iterable[str] = ()
) -> Verification:
    """Check every signature by a trusted key; return which verified and which were ignored.

    A signature is matched to a trusted key by key name and key ID, as signed-note says. Raise
    SignatureError if a matched signature does not verify or claims another role or public key
    than the trusted one, if no trusted key signed at all, or if a role in REQUIRE_ROLES has no
    verified signature. Signatures by keys not in TRUSTED_KEYS are ignored and listed.
    """
    by_id = {(k.name, k.key_id): k for k in trusted_keys}
    body = signed.checkpoint.body()
    verified, ignored = [], []
    for signature in signed.signatures:
        trusted = by_id.get((signature.name, signature.key_id))
        if trusted is None:
            ignored.append(signature)
            continue
        who = f"{signature.role} {signature.name} ({keys.short_fingerprint(trusted.public_key)})"
        if signature.public_key != trusted.public_key or signature.role != trusted.role:
            raise SignatureError(f"signature by {who} names another key or role than the trusted one")
        if not keys.verify(trusted.public_key, body, signature.signature):
            raise SignatureError(f"signature by {who} does not verify")
        verified.append(signature)
    if not verified:
        raise SignatureError("no signature by a trusted key")
    result = Verification(tuple(verified), tuple(ignored))
    missing = sorted(set(require_roles) - result.roles)
    if missing:
        raise SignatureError(f"no valid signature by {', '.join(missing)}")
    return result


def _parse_signature_line(line: str) -> tuple[str, bytes]:
    if not line.startswith(_SIGNATURE_PREFIX):
        raise CheckpointError("a signature line must start with an em dash and a space")
    name, space, encoded = line[len(_SIGNATURE_PREFIX) :].partition(" ")
    if not space:
        raise CheckpointError("a signature line is `— <key name> <base64 signature>`")
    _check_name(name, "key name")
    blob = _b64decode(encoded, "note signature")
    if len(blob) <= _KEY_ID_SIZE:
        raise CheckpointError("a note signature must hold a key ID and a signature")
    return name, blob


def _check_name(value: Any, what: str) -> None:
    # signed-note: key names are non-empty, without Unicode spaces or "+"; the origin line is
    # also a note line, so neither may hold a control character.
    if not isinstance(value, str) or not value:
        raise CheckpointError(f"{what} must be a non-empty string")
    if any(ch.isspace() or ch == "+" or ch < " " or ch == "\x7f" for ch in value):
        raise CheckpointError(f"{what} {value!r} must not contain spaces, control characters or '+'")


def _check_public_key(raw: Any) -> None:
    try:
        keys.load_public_key(raw)
    except keys.KeyFormatError as error:
        raise CheckpointError(str(error)) from None


def _check_role(value: Any) -> None:
    if not isinstance(value, str) or not value or not value.isprintable() or " " in value:
        raise CheckpointError(f"signer role {value!r} must be a non-empty word")


def _check_count(value: Any, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < _UINT64_LIMIT:
        raise CheckpointError(f"{what} must be an integer from 0 to 2**64 - 1, not {value!r}")


def _check_fields(data: Mapping[str, Any], expected: set[str], what: str) -> None:
    if not isinstance(data, Mapping):
        raise CheckpointError(f"{what} must be a JSON object")
    if set(data) != expected:
        missing, extra = sorted(expected - set(data)), sorted(set(data) - expected)
        raise CheckpointError(f"{what} fields wrong: missing {missing}, unknown {extra}")


def _parse_decimal(text: str, what: str) -> int:
    if not _DECIMAL.fullmatch(text):
        raise CheckpointError(f"{what} {text!r} is not a decimal number without leading zeros")
    return int(text)


def _b64decode(text: Any, what: str) -> bytes:
    """Decode standard padded base64, refusing any other spelling of the same bytes."""
    if not isinstance(text, str):
        raise CheckpointError(f"{what} must be a base64 string")
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise CheckpointError(f"{what} is not valid base64") from None
    if base64.b64encode(data).decode("ascii") != text:
        raise CheckpointError(f"{what} is not canonical base64")
    return data
