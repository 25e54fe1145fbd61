"""The open-data bundle of a dialogue: its record, checkpoints, published analysis and Pol.is CSVs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO

from parley.analysis.models import AnalysisRun
from parley.dialogues.models import Dialogue
from parley.publicrecord.models import Checkpoint, RecordEntry
from parley.publicrecord.queries import signed_checkpoint_dict
from parley.record.bundle import write_bundle


def published_analysis(dialogue: Dialogue, entries: list[bytes]) -> str | None:
    """The text the record's latest analysis.published entry committed to, if any."""
    for data in reversed(entries):
        entry = json.loads(data)
        if entry["type"] == "analysis.published":
            run = AnalysisRun.objects.filter(pk=entry["payload"]["run"], dialogue=dialogue).first()
            return run.published_json if run else None
    return None


def export_bundle(dialogue: Dialogue, target: str | Path | IO[bytes]) -> int:
    """Write DIALOGUE's bundle to TARGET; return the number of record entries in it."""
    entries = [
        bytes(data)
        for data in RecordEntry.objects.filter(dialogue=dialogue).order_by("seq").values_list("data", flat=True)
    ]
    checkpoints = [
        signed_checkpoint_dict(c)
        for c in Checkpoint.objects.filter(dialogue=dialogue).prefetch_related("signatures").order_by("tree_size")
    ]
    write_bundle(target, entries=entries, checkpoints=checkpoints, analysis_json=published_analysis(dialogue, entries))
    return len(entries)
