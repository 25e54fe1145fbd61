"""A second, independent implementation of what a standard client checks, used only in tests.

Written from the specifications alone, without importing `parley.record`, so that a mistake shared
by Parley's own tree, proofs or signatures cannot hide itself:

- RFC 9162 §2.1 (Certificate Transparency 2.0): the Merkle tree hash MTH, and the verification
  algorithms of §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), step by step as written there.
- C2SP signed-note: a note is its text (ending in a newline), a blank line, and signature lines
  `— <key name> <base64(key ID || signature)>`; an Ed25519 key's ID is the first 4 bytes of
  SHA-256(name || 0x0A || 0x01 || public key), and its verifier key is
  `<name>+<hex key ID>+<base64(0x01 || public key)>`. The signature covers the text only.
- C2SP tlog-checkpoint: the text is the origin line, the tree size in decimal, the root hash in
  standard base64, then optional extension lines.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Invalid(Exception):
    """A proof, note or signature that does not verify."""


# --- RFC 9162 §2.1 --------------------------------------------------------------------------


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def leaf(entry: bytes) -> bytes:
    """MTH({d0}) = SHA-256(0x00 || d0)."""
    return sha256(b"\x00" + entry)


def node(left: bytes, right: bytes) -> bytes:
    return sha256(b"\x01" + left + right)


def mth(leaves: list[bytes]) -> bytes:
    """The Merkle tree hash of a list of leaf hashes: k is the largest power of two below n."""
    n = len(leaves)
    if n == 0:
        return sha256(b"")
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node(mth(leaves[:k]), mth(leaves[k:]))


def verify_inclusion(index: int, size: int, leaf_hash: bytes, path: list[bytes], root: bytes) -> None:
    """RFC 9162 §2.1.3.2."""
    if index >= size:
        raise Invalid("leaf index beyond the tree")
    fn, sn, r = index, size - 1, leaf_hash
    for p in path:
        if sn == 0:
            raise Invalid("inclusion proof too long")
        if fn & 1 or fn == sn:
            r = node(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0 or r != root:
        raise Invalid("inclusion proof does not lead to the root")


def verify_consistency(first: int, second: int, first_hash: bytes, second_hash: bytes, path: list[bytes]) -> None:
    """RFC 9162 §2.1.4.2; sizes 0 and equal sizes are trivially consistent with an empty proof."""
    if first > second:
        raise Invalid("the first tree is larger than the second")
    if first == second:
        if path or first_hash != second_hash:
            raise Invalid("equal sizes need equal roots and an empty proof")
        return
    if first == 0:
        if path:
            raise Invalid("an empty tree needs an empty proof")
        return
    if not path:  # step 1
        raise Invalid("empty consistency proof")
    if first & (first - 1) == 0:  # step 2: first is an exact power of 2
        path = [first_hash, *path]
    fn, sn = first - 1, second - 1  # step 3
    while fn & 1:  # step 4
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]  # step 5
    for c in path[1:]:  # step 6
        if sn == 0:
            raise Invalid("consistency proof too long")
        if fn & 1 or fn == sn:
            fr = node(c, fr)
            sr = node(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node(sr, c)
        fn >>= 1
        sn >>= 1
    if fr != first_hash or sr != second_hash or sn != 0:  # step 7
        raise Invalid("consistency proof does not lead to both roots")


# --- C2SP signed-note and tlog-checkpoint ---------------------------------------------------------

SIGNATURE_LINE = "\u2014 "  # U+2014 EM DASH, then a space


def key_id(name: str, public_key: bytes) -> bytes:
    return sha256(name.encode("utf-8") + b"\n" + b"\x01" + public_key)[:4]


def verifier_key(name: str, public_key: bytes) -> str:
    """The signed-note verifier key text of an Ed25519 key."""
    encoded = base64.b64encode(b"\x01" + public_key).decode()
    return f"{name}+{key_id(name, public_key).hex()}+{encoded}"


@dataclass(frozen=True)
class Verifier:
    name: str
    key_id: bytes
    public_key: bytes

    @classmethod
    def parse(cls, text: str) -> Verifier:
        name, hex_id, encoded = text.split("+", 2)  # key names never contain "+"; base64 may
        raw = base64.b64decode(encoded, validate=True)
        if raw[:1] != b"\x01" or len(raw) != 33:
            raise Invalid("not an Ed25519 verifier key")
        if key_id(name, raw[1:]) != bytes.fromhex(hex_id):
            raise Invalid("the verifier key's ID does not match its name and key")
        return cls(name, bytes.fromhex(hex_id), raw[1:])


def sign_line(name: str, public_key: bytes, signature: bytes) -> str:
    return f"{SIGNATURE_LINE}{name} {base64.b64encode(key_id(name, public_key) + signature).decode()}\n"


def open_note(note: str, verifiers: list[Verifier]) -> tuple[bytes, set[str]]:
    """Return the note's text and the names of VERIFIERS whose signatures on it verify.

    A line by an unknown key is skipped, as the spec says; a known key's bad signature fails."""
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n"):
        raise Invalid("a note is its text, a blank line and signature lines")
    text = note[: split + 1].encode("utf-8")
    known = {(v.name, v.key_id): v for v in verifiers}
    verified = set()
    for line in note[split + 2 : -1].split("\n"):
        if not line.startswith(SIGNATURE_LINE):
            raise Invalid(f"not a signature line: {line!r}")
        name, _space, encoded = line[len(SIGNATURE_LINE) :].rpartition(" ")
        blob = base64.b64decode(encoded, validate=True)
        verifier = known.get((name, blob[:4]))
        if verifier is None:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(verifier.public_key).verify(blob[4:], text)
        except InvalidSignature:
            raise Invalid(f"the signature of {name} does not verify") from None
        verified.add(name)
    return text, verified


@dataclass(frozen=True)
class TreeHead:
    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...]


def parse_checkpoint(text: bytes) -> TreeHead:
    lines = text.decode("utf-8").split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise Invalid("a checkpoint has an origin, a size and a root hash, each ending in a newline")
    origin, size, root, *extensions = lines[:-1]
    if not size.isdigit() or (size != "0" and size.startswith("0")):
        raise Invalid("the tree size is not a decimal")
    digest = base64.b64decode(root, validate=True)
    if len(digest) != 32:
        raise Invalid("the root hash is not 32 bytes")
    return TreeHead(origin, int(size), digest, tuple(extensions))
