"""Ed25519 keys for signing checkpoints, interoperable with the browser's WebCrypto.

Public keys travel as their raw 32 bytes (WebCrypto's `exportKey("raw")`), written in base64url
without padding as in JWK. A co-chair's private key never reaches the server: it lives in their
browser (backed up as a WebCrypto JWK) or on their computer as a PKCS#8 PEM file, optionally
encrypted with a passphrase. Ed25519 is deterministic, so the same key signs the same message to
the same bytes wherever it was loaded from.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PUBLIC_KEY_SIZE = 32
SIGNATURE_SIZE = 64


class KeyFormatError(ValueError):
    """Key material that cannot be read: wrong length, wrong type, corrupt encoding."""


class PassphraseError(KeyFormatError):
    """An encrypted private key with a missing or wrong passphrase."""


def generate_private_key() -> Ed25519PrivateKey:
    """Return a new random Ed25519 private key."""
    return Ed25519PrivateKey.generate()


def public_key_raw(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    """Return the raw 32-byte public key of KEY."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_to_b64url(raw: bytes) -> str:
    """Return RAW public key bytes as unpadded base64url, as JWK's `x` and our JSON carry them."""
    return _b64url_encode(_check_public_raw(raw))


def public_key_from_b64url(text: str) -> bytes:
    """Return the raw 32-byte public key written in base64url (padded or not) in TEXT."""
    return _check_public_raw(_b64url_decode(text, "public key"))


def fingerprint(raw: bytes) -> str:
    """Return the fingerprint of a raw public key: hex SHA-256 of its 32 bytes."""
    return hashlib.sha256(_check_public_raw(raw)).hexdigest()


def short_fingerprint(raw: bytes) -> str:
    """Return the first 64 bits of the fingerprint in four groups, for people to compare aloud."""
    head = fingerprint(raw)[:16]
    return " ".join(head[i : i + 4] for i in range(0, 16, 4))


def private_key_to_pem(key: Ed25519PrivateKey, passphrase: str | bytes | None = None) -> bytes:
    """Return KEY as PKCS#8 PEM, encrypted with PASSPHRASE when one is given."""
    encryption: serialization.KeySerializationEncryption = serialization.NoEncryption()
    if passphrase:
        encryption = serialization.BestAvailableEncryption(_passphrase_bytes(passphrase))
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)


def private_key_from_pem(data: bytes, passphrase: str | bytes | None = None) -> Ed25519PrivateKey:
    """Return the Ed25519 private key in PKCS#8 PEM DATA, decrypting it with PASSPHRASE."""
    secret = _passphrase_bytes(passphrase) if passphrase else None
    try:
        key = serialization.load_pem_private_key(data, password=secret)
    except TypeError as error:
        # cryptography reports both "encrypted but no passphrase" and "passphrase given but
        # not encrypted" as TypeError.
        if secret is None:
            raise PassphraseError("this private key is encrypted; give its passphrase") from error
        raise KeyFormatError("this private key is not encrypted; give no passphrase") from error
    except ValueError as error:
        if secret is not None and b"ENCRYPTED" in data:
            raise PassphraseError("wrong passphrase for this private key") from error
        raise KeyFormatError("not a PEM private key") from error
    except UnsupportedAlgorithm as error:
        raise KeyFormatError("private key uses an unsupported algorithm") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFormatError(f"expected an Ed25519 private key, got {type(key).__name__}")
    return key


def private_key_to_jwk(key: Ed25519PrivateKey) -> dict[str, str]:
    """Return KEY as the JWK WebCrypto exports and imports: {kty: OKP, crv: Ed25519, x, d}."""
    d = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    return {"kty": "OKP", "crv": "Ed25519", "x": _b64url_encode(public_key_raw(key)), "d": _b64url_encode(d)}


def private_key_from_jwk(jwk: Mapping[str, Any] | str) -> Ed25519PrivateKey:
    """Return the private key in a WebCrypto JWK (a mapping or its JSON text).

    The JWK's `x`, when present, must be the public key of its `d`.
    """
    if isinstance(jwk, str):
        try:
            jwk = json.loads(jwk)
        except json.JSONDecodeError as error:
            raise KeyFormatError("the key backup is not JSON") from error
    if not isinstance(jwk, Mapping):
        raise KeyFormatError("a JWK must be a JSON object")
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise KeyFormatError('not an Ed25519 JWK (expected kty "OKP" and crv "Ed25519")')
    d = jwk.get("d")
    if not isinstance(d, str):
        raise KeyFormatError("the JWK has no private part `d`")
    secret = _b64url_decode(d, "JWK `d`")
    if len(secret) != 32:
        raise KeyFormatError(f"JWK `d` is {len(secret)} bytes, not 32")
    key = Ed25519PrivateKey.from_private_bytes(secret)
    x = jwk.get("x")
    if x is not None and (not isinstance(x, str) or _b64url_decode(x, "JWK `x`") != public_key_raw(key)):
        raise KeyFormatError("the JWK's public part `x` does not belong to its private part `d`")
    return key


def sign(private_key: Ed25519PrivateKey, message: bytes) -> bytes:
    """Return the 64-byte Ed25519 signature of MESSAGE."""
    return private_key.sign(message)


def verify(public_raw: bytes, message: bytes, signature: bytes) -> bool:
    """Return whether SIGNATURE is a valid signature of MESSAGE by the raw public key.

    A bad or malformed signature gives False; a malformed public key raises KeyFormatError.
    """
    public = load_public_key(public_raw)
    if not isinstance(signature, bytes) or len(signature) != SIGNATURE_SIZE:
        return False
    try:
        public.verify(signature, message)
    except InvalidSignature:
        return False
    return True


def load_public_key(raw: bytes) -> Ed25519PublicKey:
    """Return the public key object for RAW bytes, or raise KeyFormatError."""
    try:
        return Ed25519PublicKey.from_public_bytes(_check_public_raw(raw))
    except ValueError as error:
        raise KeyFormatError(f"not a valid Ed25519 public key: {error}") from None


def _check_public_raw(raw: bytes) -> bytes:
    if not isinstance(raw, bytes) or len(raw) != PUBLIC_KEY_SIZE:
        size = len(raw) if isinstance(raw, bytes) else type(raw).__name__
        raise KeyFormatError(f"an Ed25519 public key is {PUBLIC_KEY_SIZE} raw bytes, got {size}")
    return raw


def _passphrase_bytes(passphrase: str | bytes) -> bytes:
    return passphrase.encode("utf-8") if isinstance(passphrase, str) else passphrase


def _b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as error:
        raise KeyFormatError(f"{what} is not base64url") from error
