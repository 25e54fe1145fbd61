"""The open-data bundle of a dialogue: its record, checkpoints, published analysis and Pol.is CSVs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from parley.analysis.models import AnalysisRun
from parley.checkpoints.actions import do_checkpoint_if_needed
from parley.checkpoints.models import Checkpoint
from parley.checkpoints.queries import signed_checkpoint_dict
from parley.dialogues.models import Dialogue
from parley.ledger.models import Opening, RecordEntry
from parley.ledger.tree import record_size
from parley.record.bundle import write_bundle
from parley.record.entries import ANALYSIS_RUN_TYPES
from parley.record.joint import JointSignature, SignedJoint
from parley.record.sealing import Opening as SealedOpening


def published_analysis(dialogue: Dialogue, size: int) -> str | None:
    """The text the latest analysis run's entry (analysis.recorded, or analysis.published in older records)
    among the first SIZE committed to, if any."""
    rows = RecordEntry.objects.filter(dialogue=dialogue, type__in=ANALYSIS_RUN_TYPES, seq__lt=size)
    data = rows.order_by("-seq").values_list("data", flat=True).first()
    if data is None:
        return None
    run = AnalysisRun.objects.filter(pk=json.loads(bytes(data))["payload"]["run"], dialogue=dialogue).first()
    return run.published_json if run else None


class RecordEntries:
    """The first SIZE entries of a dialogue's record, read from the database in chunks on every
    iteration (a bundle is written in two passes), never all held at once."""

    def __init__(self, dialogue: Dialogue, size: int, chunk_size: int = 2000) -> None:
        self.dialogue, self.size, self.chunk_size = dialogue, size, chunk_size

    def __iter__(self) -> Iterator[bytes]:
        rows = RecordEntry.objects.filter(dialogue=self.dialogue, seq__lt=self.size).order_by("seq")
        expected = 0
        for seq, data in rows.values_list("seq", "data").iterator(chunk_size=self.chunk_size):
            if seq != expected:
                raise ValueError(f"the record of {self.dialogue.slug} has no entry {expected}")
            expected += 1
            yield bytes(data)
        if expected != self.size:
            raise ValueError(f"the record of {self.dialogue.slug} has no entry {expected}")


def joint_statements(dialogue: Dialogue) -> list[dict[str, Any]]:
    """Every finalised joint statement: its canonical bytes and its co-chairs' signatures."""
    from parley.joint.models import JointStatement

    rows = (
        JointStatement.objects.filter(dialogue=dialogue, final_version__isnull=False)
        .select_related("final_version")
        .prefetch_related("signatures__signing_key")
        .order_by("pk")
    )
    return [
        SignedJoint(
            joint.pk,
            joint.final_version.number,
            bytes(joint.canonical),
            tuple(
                JointSignature(s.role, bytes(s.signing_key.public_key), bytes(s.signature))
                for s in joint.signatures.all()
            ),
        ).to_dict()
        for joint in rows
        if joint.final_version is not None
    ]


def export_bundle(dialogue: Dialogue, target: str | Path | IO[bytes]) -> int:
    """Write DIALOGUE's bundle to TARGET; return the number of record entries in it.

    Entries no checkpoint covers get a server-signed one first, so the bundle verifies as vouched
    for (co-chairs co-sign it later). The dialogue's lock, held while reading, keeps writers out:
    the bundle is one moment's record, its checkpoint covers it, and its joint statements match it.
    """
    with transaction.atomic():
        do_checkpoint_if_needed(dialogue.pk)
        size, sealed = size_and_openings(dialogue)
        checkpoints = [
            signed_checkpoint_dict(c)
            for c in Checkpoint.objects.filter(dialogue=dialogue).prefetch_related("signatures").order_by("tree_size")
        ]
        analysis_json = published_analysis(dialogue, size)
        joints = joint_statements(dialogue)
    # Entries are never changed, so the first SIZE read after the lock are those of that moment:
    # the bundle streams them from the database without holding writers up.
    write_bundle(
        target,
        entries=RecordEntries(dialogue, size),
        checkpoints=checkpoints,
        analysis_json=analysis_json,
        joint_statements=joints,
        openings=sealed,
    )
    return size


def size_and_openings(dialogue: Dialogue) -> tuple[int, list[SealedOpening]]:
    """The size of DIALOGUE's record and the openings of its entries' sealed values.

    A value withdrawn between the two reads names a withdrawal entry the first read missed: read the
    size again then (the withdrawal and its entry commit together, and entries are only appended).
    """
    while True:
        size = record_size(dialogue.pk)
        found = openings(dialogue, size)
        if all(o.withdrawn is None or o.withdrawn < size for o in found):
            return size, found


def openings(dialogue: Dialogue, size: int | None = None) -> list[SealedOpening]:
    """What opens each sealed value of DIALOGUE's first SIZE entries (all by default); withdrawn ones
    carry only the entry that withdrew them."""
    rows = Opening.objects.filter(dialogue=dialogue).order_by("seq", "path")
    if size is not None:
        rows = rows.filter(seq__lt=size)
    return [
        SealedOpening(row.seq, row.path, withdrawn=row.withdrawn_by_seq)
        if row.withdrawn_by_seq is not None
        else SealedOpening(row.seq, row.path, row.value, bytes(row.salt or b""))
        for row in rows
    ]
