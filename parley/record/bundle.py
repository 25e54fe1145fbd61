"""The open-data bundle of a dialogue: a zip of its record, checkpoints, analysis and CSVs.

The same record, checkpoints and analysis always give the same zip, byte for byte (with the same
zlib): members sorted by name, fixed timestamps and permissions.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from parley.record.canonical import parse_canonical
from parley.record.checkpoint import SignedCheckpoint
from parley.record.joint import JOINT_STATEMENTS, SignedJoint, joint_statements_json, sha256
from parley.record.opendata import derived_files
from parley.record.replay import replay
from parley.record.sealing import OPENINGS, WITHDRAWN_TYPE, Opening, check_openings, openings_jsonl, sealed_paths

RECORD = "record.jsonl"
CHECKPOINTS = "checkpoints.json"
ANALYSIS = "analysis.json"
REQUIRED = (RECORD, CHECKPOINTS)

# What a bundle may unpack to before it is refused as unusable (a zip of 300 KB can unpack to
# 700 MB). A bundle holds a dozen files; its record takes about 250 bytes a vote, so 512 MiB is a
# dialogue of some two million votes. `parley verify --max-size/--max-files` raise them.
DEFAULT_MAX_SIZE = 512 * 1024 * 1024
DEFAULT_MAX_FILES = 100
_CHUNK = 1 << 20

# The earliest time a zip can hold: no clock of this machine leaks into the bundle.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_UNIX = 3
_FILE_MODE = 0o644 << 16


class BundleError(ValueError):
    """A bundle that cannot be read at all: not a zip, a corrupt member, an essential file missing."""


class BundleLimitError(BundleError):
    """A bundle larger than the limits it is read with; LIMIT names which: "size" or "files"."""

    def __init__(self, message: str, *, limit: str) -> None:
        super().__init__(message)
        self.limit = limit


@dataclass(frozen=True)
class Limits:
    """How much a bundle may unpack to, counted while it is read, whatever the zip's headers claim.

    MAX_SIZE caps each file and the files together, in bytes once unpacked; MAX_FILES the
    number of files.
    """

    max_size: int = DEFAULT_MAX_SIZE
    max_files: int = DEFAULT_MAX_FILES


@dataclass(frozen=True)
class Bundle:
    """The files of a bundle, by name, as bytes."""

    files: Mapping[str, bytes]


def checkpoints_json(checkpoints: Sequence[SignedCheckpoint]) -> bytes:
    """Return the one byte form of checkpoints.json: sorted keys, two-space indent, final newline."""
    data = {"checkpoints": [c.to_dict() for c in checkpoints]}
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def write_bundle(
    target: str | Path | IO[bytes],
    *,
    entries: Iterable[bytes],
    checkpoints: list[dict[str, Any]],
    analysis_json: str | None,
    joint_statements: list[dict[str, Any]] | None = None,
    openings: list[Opening] | None = None,
) -> None:
    """Write the bundle of a record to TARGET, a path or a binary file object.

    ENTRIES are the entries' canonical bytes in sequence order, CHECKPOINTS the `to_dict()` of
    each signed checkpoint, ANALYSIS_JSON the text the latest `analysis.published` entry hashed,
    JOINT_STATEMENTS the `to_dict()` of every finalised joint statement, OPENINGS what opens (or
    withdrew) each sealed value of the entries. Raise ValueError if they do not fit together.

    ENTRIES is read twice, one entry at a time (a list, or an object whose every iteration reads
    the record again): once to replay it, once to write record.jsonl. Neither pass keeps the
    entries, so memory holds the replayed state, not the record.
    """
    openings = openings or []
    by_seq: dict[int, dict[str, Opening]] = {}
    for opening in openings:
        by_seq.setdefault(opening.seq, {})[opening.path] = opening
    # Only the entries with sealed values or withdrawals matter to the openings' check.
    sealing_entries: list[dict[str, Any]] = []

    def parsed() -> Iterator[dict[str, Any]]:
        for entry in entries:
            value = parse_canonical(entry)
            if not isinstance(value, dict):
                raise ValueError("every record entry is a JSON object")
            if value.get("type") == WITHDRAWN_TYPE or any(True for _ in sealed_paths(value)):
                sealing_entries.append(value)
            yield value

    state = replay(parsed(), by_seq)
    check_openings(sealing_entries, openings)
    sealing_entries.clear()
    signed = sorted((SignedCheckpoint.from_dict(c) for c in checkpoints), key=lambda c: c.checkpoint.tree_size)
    if state.analyses:
        expected = state.analyses[-1].result_sha256
        if analysis_json is None or hashlib.sha256(analysis_json.encode("utf-8")).hexdigest() != expected:
            raise ValueError(f"analysis_json is not the analysis entry {state.analyses[-1].seq} published")
    elif analysis_json is not None:
        raise ValueError("the record publishes no analysis, so the bundle can hold none")
    joints = [SignedJoint.from_dict(item) for item in joint_statements or []]
    if sorted(j.joint for j in joints) != sorted(state.joints):
        raise ValueError("joint_statements must be exactly the joint statements the record finalised")
    for joint in joints:
        if sha256(joint.canonical) != state.joints[joint.joint].sha256:
            raise ValueError(f"joint statement {joint.joint} is not the text the record finalised")
    files: dict[str, bytes | None] = dict(derived_files(state, analysis_json))
    if joints:
        files[JOINT_STATEMENTS] = joint_statements_json(joints)
    if state.sealed:
        files[OPENINGS] = openings_jsonl(openings)
    files[RECORD] = None  # streamed from ENTRIES
    files[CHECKPOINTS] = checkpoints_json(signed)
    if analysis_json is not None:
        files[ANALYSIS] = analysis_json.encode("utf-8")
    size = state.entries
    with zipfile.ZipFile(target, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = _UNIX
            info.external_attr = _FILE_MODE
            data = files[name]
            if data is not None:
                archive.writestr(info, data)
                continue
            # The same bytes writestr would give (the sizes are patched into the header after),
            # written entry by entry.
            written, chunk, buffered = 0, [], 0
            with archive.open(info, "w") as member:
                for entry in entries:
                    chunk.append(entry + b"\n")
                    buffered += len(entry) + 1
                    written += 1
                    if buffered >= _CHUNK:
                        member.write(b"".join(chunk))
                        chunk, buffered = [], 0
                member.write(b"".join(chunk))
            if written != size:
                raise ValueError(f"the record gave {size} entries, then {written}: it changed while being written")


def read_bundle(source: str | Path | IO[bytes], *, limits: Limits | None = None) -> Bundle:
    """Read every file of the bundle at SOURCE; raise BundleError if it cannot be used at all.

    Raise BundleLimitError, before unpacking more than LIMITS allow (default: Limits()), for a
    bundle that is larger.
    """
    limits = limits or Limits()
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        raise BundleError(f"{_name(source)} is not a zip file") from None
    except OSError as error:
        raise BundleError(f"cannot open {_name(source)}: {error.strerror or error}") from None
    files: dict[str, bytes] = {}
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_files:
            raise BundleLimitError(
                f"{_name(source)} holds {len(members)} files, more than the limit of {limits.max_files}",
                limit="files",
            )
        total = 0
        for info in members:
            if info.filename in files:
                raise BundleError(f"{info.filename} is in the zip twice")
            try:
                files[info.filename] = _unpack(archive, info, limits.max_size - total, limits.max_size)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as error:
                raise BundleError(f"{info.filename} cannot be read from the zip: {error}") from None
            total += len(files[info.filename])
    for name in REQUIRED:
        if name not in files:
            raise BundleError(f"{name} is missing from the bundle")
    return Bundle(files)


class StreamedBundle:
    """A bundle whose small files are read into memory and whose record.jsonl is read as a stream.

    FILES holds every file but the record, NAMES every file's name. `record_lines()` unpacks the
    record again at each call, one line at a time, so a record of any length takes the memory of
    one line. Opening it unpacks the record once, counting its bytes against the limits and
    checking the zip's CRC, so a later pass cannot fail on the zip.
    """

    def __init__(self, archive: zipfile.ZipFile, files: dict[str, bytes], record: zipfile.ZipInfo, last: bytes):
        self._archive = archive
        self.files: Mapping[str, bytes] = files
        self.names = frozenset({*files, RECORD})
        self._record = record
        # The record's last byte (b"" for an empty record): it must be a newline.
        self.record_last_byte = last

    def record_lines(self) -> Iterator[bytes]:
        """Yield record.jsonl's lines without their newline, unpacked as they are read."""
        with self._archive.open(self._record) as member:
            for line in member:
                yield line[:-1] if line.endswith(b"\n") else line

    def close(self) -> None:
        self._archive.close()

    def __enter__(self) -> StreamedBundle:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def open_bundle(source: str | Path | IO[bytes], *, limits: Limits | None = None) -> StreamedBundle:
    """Open the bundle at SOURCE like `read_bundle`, leaving record.jsonl in the zip to be streamed.

    Raise BundleError or BundleLimitError on the same bundles, with the same messages."""
    limits = limits or Limits()
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        raise BundleError(f"{_name(source)} is not a zip file") from None
    except OSError as error:
        raise BundleError(f"cannot open {_name(source)}: {error.strerror or error}") from None
    try:
        files: dict[str, bytes] = {}
        record: zipfile.ZipInfo | None = None
        last = b""
        members = archive.infolist()
        if len(members) > limits.max_files:
            raise BundleLimitError(
                f"{_name(source)} holds {len(members)} files, more than the limit of {limits.max_files}",
                limit="files",
            )
        total = 0
        for info in members:
            if info.filename in files or (info.filename == RECORD and record is not None):
                raise BundleError(f"{info.filename} is in the zip twice")
            try:
                if info.filename == RECORD:
                    size, last = _count(archive, info, limits.max_size - total, limits.max_size)
                    record = info
                else:
                    files[info.filename] = _unpack(archive, info, limits.max_size - total, limits.max_size)
                    size = len(files[info.filename])
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as error:
                raise BundleError(f"{info.filename} cannot be read from the zip: {error}") from None
            total += size
        for name in REQUIRED:
            if name not in files and not (name == RECORD and record is not None):
                raise BundleError(f"{name} is missing from the bundle")
        assert record is not None
        return StreamedBundle(archive, files, record, last)
    except BaseException:
        archive.close()
        raise


def _count(archive: zipfile.ZipFile, info: zipfile.ZipInfo, room: int, max_size: int) -> tuple[int, bytes]:
    """Unpack one member without keeping it, as `_unpack` would; return its size and last byte."""
    size, last = 0, b""
    for chunk in _chunks(archive, info, room, max_size):
        size += len(chunk)
        last = chunk[-1:]
    return size, last


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, room: int, max_size: int) -> bytes:
    """Return one member's bytes, refusing it as soon as it passes ROOM or MAX_SIZE bytes.

    The sizes in the zip's headers are checked first, then the bytes are counted as they are
    unpacked: a header can lie.
    """
    return b"".join(_chunks(archive, info, room, max_size))


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, room: int, max_size: int) -> Iterator[bytes]:
    def too_large(size: int) -> BundleLimitError:
        if size > max_size:
            problem = f"{info.filename} unpacks to more than {format_size(max_size)}, the limit for one file"
        else:
            problem = f"the files unpack to more than {format_size(max_size)} in all, the limit"
        return BundleLimitError(problem, limit="size")

    if info.file_size > room:
        raise too_large(info.file_size)
    size = 0
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            size += len(chunk)
            if size > room:
                raise too_large(size)
            yield chunk


def format_size(size: int) -> str:
    """Return SIZE in bytes as people write it: 512 MiB, 1.5 GiB, 300 KiB, 12 bytes."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.4g} {unit}"
    return f"{size} bytes"


def _name(source: str | Path | IO[bytes]) -> str:
    return str(source) if isinstance(source, str | Path) else "the bundle"
