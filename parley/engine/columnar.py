"""Vectorised readers of a Pol.is export's vote files, with pyarrow's CSV reader.

Ids arrive dictionary-encoded (each distinct id once, each row an integer
code), votes and timestamps as typed arrays: no Python object per vote.

These readers only ever accept: each returns None whenever its file is not
plainly well-formed (a parse error, an id that is empty, too long, padded or
unknown, a vote that is not exactly -1, 0 or 1, a timestamp that is no time, a
participant's row twice...). The row-by-row reader in `io.py` then reads the
file and names the first bad line, as it always has, so every error message
is the one it was; and every file read here gives the same table, id for id
and vote for vote, as the row-by-row reader would.
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from .checks import MAX_TIMESTAMP, id_problem
from .table import EncodedIds, VoteTable

_ID = pa.dictionary(pa.int32(), pa.string())
# Cells of participants-votes.csv as the row-by-row reader accepts them (unpadded), and their votes.
_MATRIX_CELLS = {"1": 1, "-1": -1, "0": 0, "1.0": 1, "-1.0": -1, "0.0": 0}
_EMPTY = 2
# pyarrow parses blocks of this many bytes side by side (default 1 MB). Each block dictionary-encodes
# its ids alone, so fewer, larger blocks leave fewer dictionaries to unify: 0.08 -> 0.04 s for
# 4.5M votes (270 MB), still enough blocks to keep every core busy.
_BLOCK_BYTES = 8 << 20


def read_vote_history(path: Path, known: Collection[str] | None) -> VoteTable | None:
    """Read votes.csv (`timestamp,datetime,comment-id,voter-id,vote`), or None if it needs a closer look."""
    try:
        return _vote_history(path, known)
    finally:
        # The parsed blocks are freed by now; hand their pages back before the analysis needs its own.
        pa.default_memory_pool().release_unused()


def _vote_history(path: Path, known: Collection[str] | None) -> VoteTable | None:
    header = _header(path)
    if header is None or not {"comment-id", "voter-id", "vote"} <= set(header):
        return None
    columns = ["comment-id", "voter-id", "vote"] + (["timestamp"] if "timestamp" in header else [])
    types = {"comment-id": _ID, "voter-id": _ID, "vote": pa.int8(), "timestamp": pa.float64()}
    table = _read(path, columns, {name: types[name] for name in columns})
    if table is None:
        return None
    if any(table.column(name).null_count for name in ("comment-id", "voter-id", "vote")):
        return None  # an empty id or vote
    statement = _encoded(table.column("comment-id"))
    participant = _encoded(table.column("voter-id"))
    if statement is None or participant is None:
        return None
    if known is not None and not set(statement.labels.tolist()) <= set(known):
        return None
    value = table.column("vote").to_numpy()
    if len(value) and (value.min() < -1 or value.max() > 1):
        return None
    timestamp = None
    if "timestamp" in columns:
        stamps = table.column("timestamp")
        if stamps.null_count == 0:
            timestamp = stamps.to_numpy()
            if len(timestamp) and not ((timestamp >= 0.0) & (timestamp <= MAX_TIMESTAMP)).all():
                return None
        elif not _all_times(stamps):
            return None
    return VoteTable(participant, statement, value, timestamp)


def read_vote_matrix(path: Path, known: Collection[str] | None) -> VoteTable | None:
    """Read participants-votes.csv (one row per participant), or None if it needs a closer look."""
    try:
        return _vote_matrix(path, known)
    finally:
        pa.default_memory_pool().release_unused()


def _vote_matrix(path: Path, known: Collection[str] | None) -> VoteTable | None:
    header = _header(path)
    if header is None or "participant" not in header or "n-disagree" not in header:
        return None
    comment_ids = header[header.index("n-disagree") + 1 :]
    if any(_needs_check(c) for c in comment_ids):
        return None
    columns = ["participant", *comment_ids]
    table = _read(path, columns, {"participant": _ID} | {c: _ID for c in comment_ids})
    if table is None:
        return None
    participant = _encoded(table.column("participant"))
    n_rows = table.num_rows
    if participant is None or len(participant.labels) != n_rows:
        return None  # a participant's row twice: the row-by-row reader names both lines
    cells = np.full((n_rows, len(comment_ids)), _EMPTY, dtype=np.int8)
    for j, cid in enumerate(comment_ids):
        column = table.column(cid)
        # Each chunk has its own small dictionary of cell texts: map each text to its vote.
        offset = 0
        for chunk in column.chunks:
            if chunk.null_count:
                return None
            texts = chunk.dictionary.to_pylist()
            if any(t != "" and t not in _MATRIX_CELLS for t in texts):
                return None
            lookup = np.array([_MATRIX_CELLS.get(t, _EMPTY) for t in texts] or [_EMPTY], dtype=np.int8)
            cells[offset : offset + len(chunk), j] = lookup[chunk.indices.to_numpy(zero_copy_only=False)]
            offset += len(chunk)
        if known is not None and cid not in known and (cells[:, j] != _EMPTY).any():
            return None
    rows, cols = np.nonzero(cells != _EMPTY)  # row by row, as the file lists them
    return VoteTable(
        EncodedIds(participant.labels, participant.codes[rows]),
        EncodedIds(np.array(comment_ids, dtype=str), cols),
        cells[rows, cols],
    )


def read_sides(path: Path) -> dict[str, str] | None:
    """Read a `participant,side` file into a mapping, or None if it needs a closer look."""
    header = _header(path)
    if header is None or not {"participant", "side"} <= set(header):
        return None
    table = _read(path, ["participant", "side"], {"participant": pa.string(), "side": pa.string()})
    if table is None:
        return None
    participants = table.column("participant").to_pylist()
    sides = table.column("side").to_pylist()
    if len(set(participants)) != len(participants) or any(map(_needs_check, participants)):
        return None  # a participant twice (maybe on two sides), or an id to check: the row-by-row reader says which
    if any(not side or side != side.strip() for side in sides):
        return None
    return dict(zip(participants, sides, strict=True))


def _header(path: Path) -> list[str] | None:
    """Return the header row, or None when the file cannot be opened or read as CSV."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), None)
    except (OSError, csv.Error, UnicodeDecodeError):
        return None
    if header is None or len(set(header)) != len(header):
        return None
    return header


def _read(path: Path, columns: list[str], types: dict[str, pa.DataType]) -> pa.Table | None:
    try:
        return pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=_BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(newlines_in_values=False),  # a quoted newline: the row reader takes over
            convert_options=pacsv.ConvertOptions(
                include_columns=columns,
                column_types=types,
                null_values=[""],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, OSError):
        return None


def _encoded(column: pa.ChunkedArray) -> EncodedIds | None:
    """Return the dictionary-encoded id COLUMN as EncodedIds, or None if an id needs a closer look."""
    if column.null_count:
        return None
    column = column.unify_dictionaries()
    if column.num_chunks == 0:
        return EncodedIds(np.zeros(0, dtype=str), np.zeros(0, dtype=np.int32))
    labels = column.chunk(0).dictionary.to_pylist()
    if any(_needs_check(label) for label in labels):
        return None
    codes = np.concatenate([chunk.indices.to_numpy(zero_copy_only=False) for chunk in column.chunks])
    return EncodedIds(np.array(labels, dtype=str), codes)


def _needs_check(value: str) -> bool:
    """Whether the id VALUE is not plainly usable as it stands (padded, empty, too long, a control character)."""
    if 0 < len(value) < 19 and value.isprintable() and value == value.strip():
        return False
    return value != value.strip() or id_problem(value, "id") is not None


def _all_times(stamps: pa.ChunkedArray) -> bool:
    """Whether every timestamp given is a time (missing ones are fine: then no vote has a time)."""
    given = stamps.drop_null().to_numpy()
    return bool(((given >= 0.0) & (given <= MAX_TIMESTAMP)).all())
