"""Verify a bundle offline: every entry, root, signature, CSV and the analysis, from the bytes alone.

Trust starts from the server key in the first checkpoint's `server` signature (compare its
fingerprint with one published elsewhere, or pass a checkpoint you saved earlier). Co-chairs'
keys come from `key.registered` entries inside the part of the record the server signed, so a
bundle cannot smuggle in a signer, and a co-chair's key counts only for checkpoints whose history
ends while its owner is still co-chair (the replay retires it at the entry that replaced them).
The checks run in order and stop at the first failure. A record no checkpoint covers (a new or
imported dialogue exported before any checkpoint, or entries appended after the last one) is not
a failure but its own state, "unvouched": its bytes hold together, yet no signature vouches for them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from parley.record.bundle import CHECKPOINTS, RECORD, Limits, StreamedBundle, open_bundle
from parley.record.canonical import CanonicalError, load_json, parse_canonical
from parley.record.checkpoint import CheckpointError, SignedCheckpoint, SignerKey
from parley.record.entries import CHECKPOINT_SIGNED
from parley.record.merkle import (
    EMPTY_ROOT,
    NodeKey,
    SubtreeTree,
    extend_peaks,
    fold,
    leaf_hash,
)
from parley.record.replay import DialogueState, ReplayError, parse_time, replay
from parley.record.sealing import (
    OPENINGS,
    WITHDRAWN_TYPE,
    MissingOpening,
    Opening,
    SealingError,
    check_openings,
    read_openings,
    sealed_paths,
)
from parley.record.verifier_checkpoints import CheckpointSummary, _CheckpointChecks
from parley.record.verifier_files import _DerivedFileChecks, _Failed

ENTRY_FIELDS = frozenset({"dialogue", "seq", "time", "type", "actor", "payload"})


@dataclass(frozen=True)
class Report:
    """What `verify_bundle` established; PROBLEMS holds the first failure, if any.

    OK means no check failed. UNVOUCHED, when set, says which entries no checkpoint covers: the
    bytes hold together but no signature vouches for them (see `state`)."""

    ok: bool
    problems: tuple[str, ...] = ()
    dialogue: str = ""
    entries: int = 0
    server_key: str = ""
    checkpoints: tuple[CheckpointSummary, ...] = ()
    earlier: str = ""
    analysis: str = ""
    joint_statements: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    unvouched: str = ""
    tail: str = ""
    openings: str = ""
    batches: str = ""

    @property
    def state(self) -> str:
        """ "failed" (a check failed), "unvouched" (consistent, but no checkpoint covers all of it) or "verified"."""
        if not self.ok:
            return "failed"
        return "unvouched" if self.unvouched else "verified"

    @property
    def summary(self) -> str:
        """Return a few lines a person can read: what was checked, who signed, what failed."""
        lines = [f"dialogue {self.dialogue or '?'}: {self.entries} record entries"]
        if self.server_key:
            lines.append(f"server key {self.server_key}")
        for c in self.checkpoints:
            moment = datetime.fromtimestamp(c.timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC")
            missing = f"; not yet signed by {', '.join(c.missing)}" if c.missing else ""
            lines.append(f"checkpoint of {c.tree_size} entries, {moment}: signed by {', '.join(c.signed_by)}{missing}")
        lines += [line for line in (self.tail, self.earlier, self.openings, self.analysis, self.batches) if line]
        lines += list(self.joint_statements)
        lines += [f"warning: {w}" for w in self.warnings]
        if self.state == "unvouched":
            lines.append(f"UNVOUCHED: {self.unvouched}")
            lines.append(
                "the bytes are consistent (no sign of tampering), but entries no checkpoint covers prove nothing"
            )
        else:
            lines.append("all checks hold" if self.ok else f"FAILED: {self.problems[0]}")
        return "\n".join(lines)


# The entries later checks read again, kept parsed (few: one or two per checkpoint).
_KEPT_TYPE = CHECKPOINT_SIGNED


@dataclass
class _Verifier(_CheckpointChecks, _DerivedFileChecks):
    bundle: StreamedBundle
    size: int = 0
    # Entries later checks read again, kept parsed (few: one or two per checkpoint).
    kept: list[dict[str, Any]] = field(default_factory=list)
    # The Merkle roots at the sizes the checkpoints (and a saved checkpoint) name, and the subtree
    # hashes a consistency proof reads: met while the record streams by, never all its leaves.
    roots: dict[int, bytes] = field(default_factory=dict)
    nodes: dict[NodeKey, bytes] = field(default_factory=dict)
    covered: int | None = None  # the last checkpoint's size, as checkpoints.json names it
    first_unvouched: int | None = None
    state: DialogueState = field(default_factory=DialogueState)
    signed: list[SignedCheckpoint] = field(default_factory=list)
    server: SignerKey | None = None
    cochairs: list[tuple[SignerKey, int | None]] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    openings: Mapping[int, Mapping[str, Opening]] = field(default_factory=dict)

    def report(self, problem: str | None) -> Report:
        return Report(
            ok=problem is None,
            problems=() if problem is None else (problem,),
            warnings=tuple(self.warnings),
            **self.facts,
        )

    def run(self, earlier: Mapping[str, Any] | None) -> None:
        self.check_entries(earlier)
        self.check_checkpoints()
        if earlier is not None:
            self.check_earlier(SignedCheckpoint.from_dict(earlier))
        analysis_text = self.check_analysis_file()
        self.check_batches(analysis_text)
        self.check_derived_files(analysis_text)
        self.check_joint_statements()
        self.check_analysis_rerun()

    def parsed(self, stop: int | None = None) -> Iterator[dict[str, Any]]:
        """The record's entries 0 to STOP - 1, parsed one at a time from the zip (after `check_entries`)."""
        for seq, line in enumerate(self.bundle.record_lines()):
            if stop is not None and seq >= stop:
                return
            value = parse_canonical(line)
            assert isinstance(value, dict)
            yield value

    def entry(self, seq: int) -> dict[str, Any]:
        return next(e for e in self.parsed(seq + 1) if e["seq"] == seq)

    def wanted(self, earlier: Mapping[str, Any] | None) -> tuple[set[int], set[NodeKey]]:
        """The sizes whose roots later checks compare, and the subtrees a consistency proof reads:
        known from checkpoints.json (and the saved checkpoint) before the record is read."""
        try:
            signed = [
                SignedCheckpoint.from_dict(item) for item in load_json(self.bundle.files[CHECKPOINTS])["checkpoints"]
            ]
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, CheckpointError):
            return set(), set()  # check_checkpoints fails on it
        sizes = {c.checkpoint.tree_size for c in signed if isinstance(c.checkpoint.tree_size, int)}
        if signed:
            self.covered = signed[-1].checkpoint.tree_size
        nodes: set[NodeKey] = set()
        if earlier is not None and signed:
            head = SignedCheckpoint.from_dict(earlier).checkpoint.tree_size
            sizes.add(head)
            old, new = sorted([head, signed[-1].checkpoint.tree_size])
            nodes = SubtreeTree.keys(new, lambda tree: tree.consistency_proof(old, new))
        return sizes, nodes

    def check_entries(self, earlier: Mapping[str, Any] | None = None) -> None:
        if self.bundle.record_last_byte not in (b"", b"\n"):
            raise _Failed(f"{RECORD}: the last line does not end in a newline (a truncated or appended entry)")
        sizes, wanted_nodes = self.wanted(earlier)
        covered = self.covered
        if 0 in sizes:
            self.roots[0] = EMPTY_ROOT
        # One pass over the zip's record: each entry parsed and let go; its leaf folded into the
        # peaks of the tree so far (at most 64 hashes); only what later checks read again is kept.
        peaks: list[tuple[int, int, bytes]] = []
        previous, first_dialogue = "", None
        sealing: list[dict[str, Any]] = []
        seq = -1
        for seq, line in enumerate(self.bundle.record_lines()):
            where = f"{RECORD} line {seq + 1} (entry {seq})"
            try:
                entry = parse_canonical(line)
            except CanonicalError as error:
                raise _Failed(f"{where}: {error}") from None
            if not isinstance(entry, dict) or set(entry) != ENTRY_FIELDS:
                raise _Failed(f"{where}: an entry is an object with exactly {', '.join(sorted(ENTRY_FIELDS))}")
            if entry["seq"] != seq:
                raise _Failed(f"{where}: has seq {entry['seq']}; an entry was dropped, added or moved")
            if seq and entry["dialogue"] != first_dialogue:
                raise _Failed(f"{where}: belongs to dialogue {entry['dialogue']!r}, not {first_dialogue!r}")
            time = entry["time"]
            if not isinstance(time, str) or not _is_time(time):
                raise _Failed(f"{where}: time {time!r} is not YYYY-MM-DDTHH:MM:SS.ffffffZ")
            if time < previous:
                raise _Failed(f"{where}: time {time} is earlier than the entry before ({previous})")
            previous = time
            if seq == 0:
                first_dialogue = entry["dialogue"]
            if entry["type"] == _KEPT_TYPE:
                self.kept.append(entry)
            elif covered is not None and seq >= covered and self.first_unvouched is None:
                self.first_unvouched = seq
            # Only entries with sealed values or withdrawals matter to the openings' check.
            if entry["type"] == WITHDRAWN_TYPE or any(True for _ in sealed_paths(entry)):
                sealing.append(entry)
            leaf = leaf_hash(line)
            if (0, seq) in wanted_nodes:
                self.nodes[(0, seq)] = leaf
            for level, index, value in extend_peaks(peaks, seq, (leaf,)):
                if (level, index) in wanted_nodes:
                    self.nodes[(level, index)] = value
            if seq + 1 in sizes:
                self.roots[seq + 1] = fold([value for _, _, value in peaks])
        self.size = seq + 1
        self.facts["entries"] = self.size
        self.check_openings(sealing)
        del sealing
        try:
            self.state = replay(self.parsed(), self.openings)
        except ReplayError as error:
            raise _Failed(f"{RECORD} line {error.seq + 1} ({error})") from None
        if first_dialogue is not None:
            self.facts["dialogue"] = first_dialogue

    def root(self, size: int) -> bytes | None:
        """The Merkle root of the first SIZE entries, if the pass over the record kept it."""
        return self.roots.get(size)

    def check_openings(self, sealing: list[dict[str, Any]]) -> None:
        """Every sealed value opens to its commitment, or was withdrawn by an entry that names it.

        SEALING: the entries with sealed values or withdrawals (the others hold nothing to open)."""
        data = self.bundle.files.get(OPENINGS)
        try:
            check = check_openings(sealing, read_openings(data or b""))
        except SealingError as error:
            if data is None and isinstance(error, MissingOpening):
                raise _Failed(f"{OPENINGS}: missing, though the record holds sealed values ({error})") from None
            raise _Failed(str(error)) from None
        if data is not None and not check.sealed:
            raise _Failed(f"{OPENINGS}: the record holds no sealed value for it to open")
        self.openings = check.by_seq
        self.facts["openings"] = check.summary


def unvouched_from(entries: Iterable[dict[str, Any]]) -> int | None:
    """The seq of the first of ENTRIES (those past the last checkpoint) that is not a record of a
    checkpoint signature, if any."""
    return next((e["seq"] for e in entries if e["type"] != CHECKPOINT_SIGNED), None)


def verify_bundle(
    path: str | Path | IO[bytes],
    *,
    earlier_checkpoint: Mapping[str, Any] | None = None,
    limits: Limits | None = None,
) -> Report:
    """Check the bundle at PATH; raise BundleError or CheckpointError only for unusable input.

    EARLIER_CHECKPOINT is a signed checkpoint's `to_dict()` the reader saved before: the record
    must extend the history it signed. LIMITS cap what the bundle may unpack to.
    """
    if earlier_checkpoint is not None:
        SignedCheckpoint.from_dict(earlier_checkpoint)
    with open_bundle(path, limits=limits) as bundle:
        verifier = _Verifier(bundle)
        try:
            verifier.run(earlier_checkpoint)
        except _Failed as failure:
            return verifier.report(str(failure))
        return verifier.report(None)


def _is_time(text: str) -> bool:
    try:
        parse_time(text)
    except ValueError:
        return False
    return True
