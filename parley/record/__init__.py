"""The cryptographic core of the public record: pure Python, no Django.

- `canonical_json` / `parse_canonical`: the one byte form of a record entry (RFC 8785 style).
- `leaf_hash`, `node_hash`, `root`, `inclusion_proof`, `consistency_proof`, `MerkleTree`,
  `verify_inclusion`, `verify_consistency`: the RFC 9162 Merkle tree over entries and its proofs.
- `Checkpoint`, `Signature`, `SignedCheckpoint`, `SignerKey`, `sign_checkpoint`, `verify`:
  signed tree heads in the C2SP tlog-checkpoint / signed-note formats, co-signed with Ed25519.
- `keys`: Ed25519 key generation, fingerprints, PEM and WebCrypto JWK import/export.

Imported from their modules, since they load the analysis engine and numpy:

- `replay.replay`, `replay.engine_input`: a record's entries to the dialogue's state, and the
  state to the arguments of `parley.engine.analyze` (the web app publishes what this computes).
- `bundle.write_bundle`, `bundle.read_bundle`: the open-data zip (record, checkpoints, analysis,
  Pol.is-format CSVs, README).
- `verify.verify_bundle`: every check `parley verify` runs, offline; `cli.verify` is the command.

Every failure raises a `ValueError` subclass with a message fit to show a person.
"""

from parley.record import keys
from parley.record.canonical import MAX_SAFE_INTEGER, CanonicalError, JSONValue, canonical_json, parse_canonical
from parley.record.checkpoint import (
    Checkpoint,
    CheckpointError,
    Signature,
    SignatureError,
    SignedCheckpoint,
    SignerKey,
    Verification,
    key_id,
    sign_checkpoint,
    verify,
)
from parley.record.keys import KeyFormatError, PassphraseError
from parley.record.merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
    MerkleError,
    MerkleTree,
    ProofError,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "MAX_SAFE_INTEGER",
    "CanonicalError",
    "Checkpoint",
    "CheckpointError",
    "JSONValue",
    "KeyFormatError",
    "MerkleError",
    "MerkleTree",
    "PassphraseError",
    "ProofError",
    "Signature",
    "SignatureError",
    "SignedCheckpoint",
    "SignerKey",
    "Verification",
    "canonical_json",
    "consistency_proof",
    "inclusion_proof",
    "key_id",
    "keys",
    "leaf_hash",
    "node_hash",
    "parse_canonical",
    "root",
    "sign_checkpoint",
    "verify",
    "verify_consistency",
    "verify_inclusion",
]
