"""The open-data bundle of a dialogue: its record, checkpoints, published analysis and Pol.is CSVs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from parley.analysis.models import AnalysisRun
from parley.dialogues.models import Dialogue
from parley.publicrecord.actions import do_checkpoint_if_needed
from parley.publicrecord.models import Checkpoint, RecordEntry
from parley.publicrecord.queries import signed_checkpoint_dict
from parley.record.bundle import write_bundle
from parley.record.joint import JointSignature, SignedJoint


def published_analysis(dialogue: Dialogue, entries: list[bytes]) -> str | None:
    """The text the record's latest analysis.published entry committed to, if any."""
    for data in reversed(entries):
        entry = json.loads(data)
        if entry["type"] == "analysis.published":
            run = AnalysisRun.objects.filter(pk=entry["payload"]["run"], dialogue=dialogue).first()
            return run.published_json if run else None
    return None


def joint_statements(dialogue: Dialogue) -> list[dict[str, Any]]:
    """Every finalised joint statement: its canonical bytes and its co-chairs' signatures."""
    from parley.governance.joint_models import JointStatement

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
        entries = [
            bytes(data)
            for data in RecordEntry.objects.filter(dialogue=dialogue).order_by("seq").values_list("data", flat=True)
        ]
        checkpoints = [
            signed_checkpoint_dict(c)
            for c in Checkpoint.objects.filter(dialogue=dialogue).prefetch_related("signatures").order_by("tree_size")
        ]
        analysis_json = published_analysis(dialogue, entries)
        joints = joint_statements(dialogue)
    write_bundle(target, entries=entries, checkpoints=checkpoints, analysis_json=analysis_json, joint_statements=joints)
    return len(entries)
