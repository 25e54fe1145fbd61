import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from parley.record import keys
from parley.record.keys import KeyFormatError, PassphraseError

# RFC 8032 section 7.1, TEST 1: the secret key, its public key, and its signature of nothing.
RFC8032_SECRET = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
RFC8032_PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
RFC8032_SIGNATURE = bytes.fromhex(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
)
MESSAGE = b"parley.example.org/d/water\n42\n"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def key() -> Ed25519PrivateKey:
    return keys.generate_private_key()


def test_a_webcrypto_jwk_gives_the_rfc_8032_public_key_and_signature():
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": b64url(RFC8032_PUBLIC), "d": b64url(RFC8032_SECRET)}
    key = keys.private_key_from_jwk(jwk)
    assert keys.public_key_raw(key) == RFC8032_PUBLIC
    assert keys.sign(key, b"") == RFC8032_SIGNATURE
    assert keys.verify(RFC8032_PUBLIC, b"", RFC8032_SIGNATURE)


def test_a_jwk_backup_file_restores_a_key_that_signs_byte_identically(key):
    backup = json.dumps({**keys.private_key_to_jwk(key), "key_ops": ["sign"], "ext": True})
    restored = keys.private_key_from_jwk(backup)
    assert keys.public_key_raw(restored) == keys.public_key_raw(key)
    assert keys.sign(restored, MESSAGE) == keys.sign(key, MESSAGE)


def test_a_jwk_whose_public_part_belongs_to_another_key_is_refused(key):
    jwk = {**keys.private_key_to_jwk(key), "x": b64url(RFC8032_PUBLIC)}
    with pytest.raises(KeyFormatError, match="does not belong"):
        keys.private_key_from_jwk(jwk)


@pytest.mark.parametrize(
    ("jwk", "message"),
    [
        ({"kty": "EC", "crv": "P-256", "d": "AA"}, "not an Ed25519 JWK"),
        ({"kty": "OKP", "crv": "Ed25519", "x": "AA"}, "no private part"),
        ({"kty": "OKP", "crv": "Ed25519", "d": "AAAA"}, "not 32"),
        ({"kty": "OKP", "crv": "Ed25519", "d": "*not base64*"}, "not base64url"),
        ("not json", "not JSON"),
        ("[1, 2]", "JSON object"),
    ],
)
def test_malformed_jwks_are_refused_clearly(jwk, message):
    with pytest.raises(KeyFormatError, match=message):
        keys.private_key_from_jwk(jwk)


def test_a_pem_file_without_passphrase_round_trips(key):
    pem = keys.private_key_to_pem(key)
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    assert keys.sign(keys.private_key_from_pem(pem), MESSAGE) == keys.sign(key, MESSAGE)


def test_a_pem_file_with_a_passphrase_round_trips_only_with_that_passphrase(key):
    pem = keys.private_key_to_pem(key, "Ararat və Şahdağ")
    assert pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    restored = keys.private_key_from_pem(pem, "Ararat və Şahdağ")
    assert keys.public_key_raw(restored) == keys.public_key_raw(key)
    with pytest.raises(PassphraseError, match="wrong passphrase"):
        keys.private_key_from_pem(pem, "wrong")
    with pytest.raises(PassphraseError, match="is encrypted; give its passphrase"):
        keys.private_key_from_pem(pem)


def test_a_passphrase_for_an_unencrypted_pem_file_is_refused(key):
    with pytest.raises(KeyFormatError, match="not encrypted"):
        keys.private_key_from_pem(keys.private_key_to_pem(key), "unneeded")


def test_webcrypto_pkcs8_and_our_pem_hold_the_same_key(key):
    # WebCrypto's exportKey("pkcs8") is the DER inside our PEM.
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    pem = b"-----BEGIN PRIVATE KEY-----\n" + base64.encodebytes(der) + b"-----END PRIVATE KEY-----\n"
    assert keys.sign(keys.private_key_from_pem(pem), MESSAGE) == keys.sign(key, MESSAGE)


@pytest.mark.parametrize("pem", [b"", b"garbage", b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"])
def test_garbage_is_not_a_private_key(pem):
    with pytest.raises(KeyFormatError, match="not a PEM private key"):
        keys.private_key_from_pem(pem)


def test_a_pem_key_of_another_algorithm_is_refused():
    other = ec.generate_private_key(ec.SECP256R1())
    pem = other.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(KeyFormatError, match="expected an Ed25519 private key"):
        keys.private_key_from_pem(pem)


def test_the_raw_public_key_is_what_webcrypto_exports_and_travels_as_base64url(key):
    raw = keys.public_key_raw(key)
    assert len(raw) == 32
    assert raw == keys.public_key_raw(key.public_key())
    text = keys.public_key_to_b64url(raw)
    assert "=" not in text and len(text) == 43
    assert keys.public_key_from_b64url(text) == raw
    assert keys.public_key_from_b64url(text + "=") == raw


def test_fingerprints_are_the_sha256_of_the_raw_key_with_a_short_form_for_people():
    assert keys.fingerprint(RFC8032_PUBLIC) == "21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9"
    assert keys.short_fingerprint(RFC8032_PUBLIC) == "21fe 31df a154 a261"


def test_a_signature_verifies_and_any_change_fails(key):
    raw, signature = keys.public_key_raw(key), keys.sign(key, MESSAGE)
    assert keys.verify(raw, MESSAGE, signature)
    assert not keys.verify(raw, MESSAGE + b"x", signature)
    assert not keys.verify(raw, MESSAGE, bytes([signature[0] ^ 1]) + signature[1:])
    assert not keys.verify(RFC8032_PUBLIC, MESSAGE, signature)


@pytest.mark.parametrize("signature", [b"", b"\x00" * 63, b"\x00" * 65, "not bytes"])
def test_a_malformed_signature_is_simply_invalid(key, signature):
    assert keys.verify(keys.public_key_raw(key), MESSAGE, signature) is False


@pytest.mark.parametrize("public", [b"", b"\x00" * 31, b"\x00" * 33, "a string"])
def test_a_malformed_public_key_raises_a_clear_error(public):
    with pytest.raises(KeyFormatError, match="32 raw bytes"):
        keys.verify(public, MESSAGE, b"\x00" * 64)


def test_a_public_key_in_base64url_must_have_32_bytes():
    with pytest.raises(KeyFormatError, match="32 raw bytes"):
        keys.public_key_from_b64url(b64url(b"\x01" * 31))
    with pytest.raises(KeyFormatError, match="not base64url"):
        keys.public_key_from_b64url("!!!")
