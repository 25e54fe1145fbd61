"""Bundles in memory for the verifier tests: write one, change a file, zip it again."""

from __future__ import annotations

import io
import zipfile

from parley.record.bundle import write_bundle
from parley.record.tests.records import Record


def bundle_bytes(record: Record) -> bytes:
    out = io.BytesIO()
    write_bundle(
        out,
        entries=record.entries,
        checkpoints=record.checkpoints,
        analysis_json=record.analysis_json,
        openings=record.openings,
    )
    return out.getvalue()


def files_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(files: dict[str, bytes]) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    out.seek(0)
    return out


def with_file(data: bytes, name: str, content: bytes) -> io.BytesIO:
    return rezip({**files_of(data), name: content})


def with_lines(data: bytes, lines: list[bytes]) -> io.BytesIO:
    return with_file(data, "record.jsonl", b"".join(line + b"\n" for line in lines))
