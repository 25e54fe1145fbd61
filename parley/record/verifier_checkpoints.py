"""The verifier's checks of a bundle's checkpoints: their form, their Merkle roots, who may sign them
and did, the record's own entries of those signatures, the entries past the last one, and a
checkpoint the reader saved earlier (consistency proof).

A mixin of `verifier._Verifier` (split from `verifier.py`), which holds the state these read.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from parley.record import keys
from parley.record.bundle import CHECKPOINTS, RECORD, StreamedBundle, checkpoints_json
from parley.record.canonical import load_json
from parley.record.checkpoint import CheckpointError, SignedCheckpoint, SignerKey, verify
from parley.record.entries import CHECKPOINT_SIGNED
from parley.record.merkle import NodeKey, ProofError, SubtreeTree, verify_consistency
from parley.record.state import SERVER, DialogueState, cochair_role
from parley.record.verifier_files import _Failed


@dataclass(frozen=True)
class CheckpointSummary:
    """Who signed one checkpoint, and which co-chairs have not yet."""

    tree_size: int
    timestamp: int
    signed_by: tuple[str, ...]
    missing: tuple[str, ...]


class _CheckpointChecks:
    """Checks of the checkpoints; `_Verifier` provides the bundle, the roots met while streaming the
    record, the replayed state and the facts."""

    bundle: StreamedBundle
    size: int
    kept: list[dict[str, Any]]
    nodes: dict[NodeKey, bytes]
    first_unvouched: int | None
    state: DialogueState
    signed: list[SignedCheckpoint]
    server: SignerKey | None
    cochairs: list[tuple[SignerKey, int | None]]
    facts: dict[str, Any]
    warnings: list[str]

    def root(self, size: int) -> bytes | None:
        raise NotImplementedError

    def check_checkpoints(self) -> None:
        raw = self.bundle.files[CHECKPOINTS]
        try:
            items = load_json(raw)["checkpoints"]
            self.signed = [SignedCheckpoint.from_dict(item) for item in items]
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as error:
            raise _Failed(f"{CHECKPOINTS}: not a JSON object with a list of checkpoints ({error})") from None
        except CheckpointError as error:
            raise _Failed(f"{CHECKPOINTS}: {error}") from None
        if checkpoints_json(self.signed) != raw:
            raise _Failed(f"{CHECKPOINTS}: not in its one written form (spacing, order or spelling was changed)")
        if not self.signed:
            # Consistent bytes that nobody has signed yet: not tampering, but nothing vouches for them.
            self.check_signing_entries()
            self.facts["checkpoints"] = ()
            if self.size:
                self.facts["unvouched"] = (
                    f"no checkpoint: no signature vouches for entries 0–{self.size - 1} "
                    "(`parley export` on the server makes one)"
                )
            else:
                # Nothing to hold together is no evidence of anything: never "verified".
                self.facts["unvouched"] = "the record is empty: nothing is vouched for"
            return
        sizes = [c.checkpoint.tree_size for c in self.signed]
        if sizes != sorted(set(sizes)):
            raise _Failed(f"{CHECKPOINTS}: checkpoints must be in increasing tree size, once each")
        origin = self.signed[0].checkpoint.origin
        if any(c.checkpoint.origin != origin for c in self.signed) or origin.rsplit("/", 1)[-1] != self.state.slug:
            raise _Failed(
                f"{CHECKPOINTS}: every checkpoint's origin must be this dialogue's, ending in /{self.state.slug}"
            )
        if sizes[-1] > self.size:
            raise _Failed(
                f"{RECORD}: has {self.size} entries but a checkpoint covers {sizes[-1]}: entries were dropped"
            )
        self.check_roots()
        self.trust(origin, covered=sizes[-1])
        self.check_signatures()
        self.check_tail(sizes[-1])

    def check_tail(self, covered: int) -> None:
        """Entries past the last checkpoint: only the records of its own signatures (checked above
        against checkpoints.json) may follow it; anything else is not vouched for by any signature."""
        if covered >= self.size:
            return
        first = self.first_unvouched
        if first is None:
            self.facts["tail"] = (
                f"entries {covered}–{self.size - 1} only record signatures of checkpoints, each found in "
                f"{CHECKPOINTS}; the next checkpoint will cover them"
            )
            return
        self.facts["unvouched"] = (
            f"entries 0–{covered - 1} are vouched for by the checkpoint of {covered}; "
            f"no checkpoint vouches for entries {first}–{self.size - 1} yet"
        )

    def check_roots(self) -> None:
        # The roots the record's own checkpoint.signed entries name narrow down where a change is.
        anchors = {0}
        for entry in self.kept:
            payload = entry["payload"]
            if entry["type"] == CHECKPOINT_SIGNED and isinstance(payload, dict):
                size = payload.get("tree_size")
                root = _b64(payload.get("root_hash"))
                if isinstance(size, int) and 0 < size <= entry["seq"] and self.root(size) == root:
                    anchors.add(size)
        for c in self.signed:
            size = c.checkpoint.tree_size
            if self.root(size) != c.checkpoint.root_hash:
                start = max((s for s in anchors if s < size), default=0)
                changed = f"entry {start}" if start == size - 1 else f"one of entries {start}–{size - 1}"
                raise _Failed(
                    f"{CHECKPOINTS}: checkpoint of {size}: the Merkle root of entries 0–{size - 1} differs; "
                    f"{changed} was changed"
                )
            anchors.add(size)

    def trust(self, origin: str, *, covered: int) -> None:
        servers = [s for s in self.signed[0].signatures if s.role == SERVER]
        if len(servers) != 1:
            raise _Failed(f"{CHECKPOINTS}: the first checkpoint must carry one server signature")
        self.server = SignerKey(SERVER, f"{origin}/{SERVER}", servers[0].public_key)
        self.facts["server_key"] = keys.fingerprint(servers[0].public_key)
        # Each co-chair key with the entry at which its owner stopped being co-chair (None: still is).
        self.cochairs = []
        for role in dict.fromkeys(cochair_role(side) for side in self.state.sides):
            for public_key, (registered, retired) in self.state.cochair_keys(role).items():
                if registered < covered:
                    signer = SignerKey(role, f"{origin}/{role}", keys.public_key_from_b64url(public_key))
                    self.cochairs.append((signer, retired))

    def trusted(self, tree_size: int) -> list[SignerKey]:
        """The keys that may sign a checkpoint of TREE_SIZE entries: the server's, and each co-chair key
        whose owner was still co-chair at the end of that history (a replaced co-chair's key vouches
        only for checkpoints that end before the entry that replaced them)."""
        assert self.server is not None, "trust() comes first"
        return [self.server] + [k for k, retired in self.cochairs if retired is None or retired >= tree_size]

    def check_signatures(self) -> None:
        roles = [cochair_role(side) for side in self.state.sides]
        summaries = []
        for c in self.signed:
            where = f"{CHECKPOINTS}: checkpoint of {c.checkpoint.tree_size}"
            try:
                result = verify(c, self.trusted(c.checkpoint.tree_size), require_roles=[SERVER])
            except CheckpointError as error:
                raise _Failed(f"{where}: {error}") from None
            for s in result.ignored:
                raise _Failed(
                    f"{where}: the {s.role} signature is by key {keys.short_fingerprint(s.public_key)} under name "
                    f"{s.name}, neither the server's key nor one its side's co-chair registered in the record "
                    "while co-chair through the history it signs"
                )
            missing = tuple(r for r in roles if r not in result.roles)
            order = [SERVER, *roles]
            signed_by = tuple(sorted(result.roles, key=lambda r: (order.index(r) if r in order else len(order), r)))
            summaries.append(CheckpointSummary(c.checkpoint.tree_size, c.checkpoint.timestamp, signed_by, missing))
            if missing:
                self.warnings.append(f"checkpoint of {c.checkpoint.tree_size} lacks {', '.join(missing)}")
        self.facts["checkpoints"] = tuple(summaries)
        self.check_signing_entries()

    def check_signing_entries(self) -> None:
        """Every signature the record says was made must be in checkpoints.json, as the record says."""
        by_size = {c.checkpoint.tree_size: c for c in self.signed}
        for entry in self.kept:
            if entry["type"] != CHECKPOINT_SIGNED:
                continue
            payload = entry["payload"]
            where = f"{RECORD} entry {entry['seq']} (checkpoint.signed)"
            size = payload.get("tree_size")
            signed = by_size.get(size) if isinstance(size, int) else None
            if signed is None:
                raise _Failed(f"{where}: {CHECKPOINTS} has no checkpoint of {payload.get('tree_size')!r} entries")
            if payload.get("root_hash") != signed.checkpoint.to_dict()["root_hash"]:
                raise _Failed(f"{where}: its root_hash is not the root of that checkpoint")
            made = {(s.role, s.fingerprint) for s in signed.signatures}
            claimed = (payload.get("role"), payload.get("fingerprint"))
            if not all(isinstance(part, str) for part in claimed) or claimed not in made:
                raise _Failed(f"{where}: {CHECKPOINTS} lacks the {payload.get('role')} signature it records")

    def check_earlier(self, earlier: SignedCheckpoint) -> None:
        where = f"saved checkpoint of {earlier.checkpoint.tree_size}"
        if not self.signed:
            raise _Failed(f"{where}: this bundle has no checkpoint, though the server signed one before")
        head, latest = earlier.checkpoint, self.signed[-1].checkpoint
        if head.origin != latest.origin:
            raise _Failed(f"{where}: it is of {head.origin}, this bundle of {latest.origin}")
        try:
            verify(earlier, self.trusted(head.tree_size), require_roles=[SERVER])
        except CheckpointError as error:
            raise _Failed(f"{where}: {error}") from None
        if head.tree_size > self.size:
            raise _Failed(f"{where}: the record has only {self.size} entries; history was cut short")
        if self.root(head.tree_size) != head.root_hash:
            raise _Failed(f"{where}: this record's first {head.tree_size} entries differ; history was rewritten (fork)")
        old, new = sorted([head, latest], key=lambda c: c.tree_size)
        proof = SubtreeTree(new.tree_size, lambda level, index: self.nodes[(level, index)]).consistency_proof(
            old.tree_size, new.tree_size
        )
        try:
            verify_consistency(old.tree_size, new.tree_size, proof, old.root_hash, new.root_hash)
        except ProofError as error:
            raise _Failed(f"{where}: no consistency proof to the checkpoint of {new.tree_size}: {error}") from None
        self.facts["earlier"] = (
            f"{where}: consistent with this record (RFC 9162 proof of {len(proof)} hashes to {latest.tree_size})"
        )


def _b64(text: object) -> bytes:
    try:
        return base64.b64decode(text, validate=True) if isinstance(text, str) else b""
    except (binascii.Error, ValueError):
        return b""
