"""Checks every reader of a conversation applies to what it read: ids, timestamps, duplicates, references.

They take whole columns (numpy arrays or lists) and a `Rows` that says where each row came from,
so that a reader of any kind (the csv module today, a vectorised reader later) reports the first
bad row the same way: `file:line: problem`, or `file: entry N: problem` for a JSON list.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from .errors import EngineInputError

# Ids are short: Pol.is numbers participants and comments with integers. A longer id is not an id
# (a 5,000-digit one made int() fail deep in the engine, and one long id widens the whole id column,
# which numpy stores at the longest id's width), and a decimal id must fit 64 bits, as a columnar
# reader would store it. 40 characters leave room for a UUID.
MAX_ID_LENGTH = 40
INT64_MAX = 2**63 - 1
_DECIMAL = re.compile(r"-?[0-9]+\Z")

# Pol.is timestamps are milliseconds since 1970. Anything from 0 to the year 10000 (which also
# covers seconds) is a time; NaN, infinities, negative and larger numbers are not.
MAX_TIMESTAMP = 253_402_300_800_000.0


@dataclass(frozen=True)
class Rows:
    """Where the rows of a column came from: FILE, and each row's LINE (None: entries of a JSON list)."""

    file: str
    lines: Sequence[int] | np.ndarray | None = None

    def error(self, row: int, problem: str) -> EngineInputError:
        """Return the error naming ROW: `file:line: problem`, or `file: entry ROW: problem`."""
        if self.lines is None:
            return EngineInputError(f"entry {row}: {problem}", file=self.file)
        return EngineInputError(problem, file=self.file, line=int(self.lines[row]))


def id_problem(value: str, name: str) -> str | None:
    """Return what is wrong with the id VALUE (already stripped), or None if it is a usable id."""
    if not value:
        return f"empty {name}"
    if len(value) > MAX_ID_LENGTH:
        return f"{name} {value[:20]}… has {len(value)} characters; an id has at most {MAX_ID_LENGTH}"
    # Only 19 characters or more can pass 64 bits: shorter ids skip the regular expression.
    if len(value) >= 19 and _DECIMAL.match(value) and not -INT64_MAX - 1 <= int(value) <= INT64_MAX:
        return f"{name} {value} is beyond the 64-bit integers an id may be (±{INT64_MAX})"
    if not value.isprintable():
        return f"{name} {value!r} holds a control character"
    return None


def check_ids(ids: Sequence[str] | np.ndarray, name: str, rows: Rows) -> None:
    """Raise for the first row whose id is empty, too long, beyond 64 bits or not printable.

    Check ids before they become a fixed-width numpy array of strings: numpy stores every row at
    the longest id's width, so one 5,000-character id among millions takes gigabytes. A list is
    checked as it is, without such an array.
    """
    # Each distinct id once, with its first row, in the order of those rows.
    first: dict[str, int] = {}
    if isinstance(ids, np.ndarray):
        uniques, rows_of = np.unique(ids.astype(str, copy=False), return_index=True)
        first = dict(zip(uniques.tolist(), rows_of.tolist(), strict=True))
    else:
        for row, value in enumerate(ids):
            first.setdefault(value, row)
    for value, row in sorted(first.items(), key=lambda item: item[1]):
        problem = id_problem(str(value), name)
        if problem:
            raise rows.error(row, problem)


def timestamp_problem(value: float) -> str | None:
    """Return what is wrong with the timestamp VALUE, or None if it names a time."""
    if not 0.0 <= value <= MAX_TIMESTAMP:  # also false for NaN
        return (
            f"timestamp {value!r} is not a time: expected milliseconds since 1970, "
            f"from 0 to {MAX_TIMESTAMP:.0f} (the year 10000)"
        )
    return None


def check_timestamps(stamps: Sequence[float] | np.ndarray, rows: Rows, given: np.ndarray | None = None) -> None:
    """Raise for the first row whose timestamp is NaN, infinite, negative or past the year 10000.

    GIVEN marks the rows that have a timestamp (default: all); the others are not checked.
    """
    values = np.asarray(stamps, dtype=np.float64)
    bad = ~((values >= 0.0) & (values <= MAX_TIMESTAMP))
    if given is not None:
        bad &= given
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise rows.error(row, timestamp_problem(float(values[row])) or "")


def check_unique(ids: Sequence[str] | np.ndarray, what: str, rows: Rows) -> None:
    """Raise for the first row whose id an earlier row already had."""
    values = np.asarray(ids, dtype=str)
    if len(values) < 2:
        return
    _, first, inverse = np.unique(values, return_index=True, return_inverse=True)
    repeated = np.flatnonzero(first[inverse] != np.arange(len(values)))
    if len(repeated):
        row = int(repeated[0])
        earlier = int(first[inverse[row]])
        at = f"line {int(rows.lines[earlier])}" if rows.lines is not None else f"entry {earlier}"
        raise rows.error(row, f"{what} {values[row]} again (it was on {at} already)")


def check_known(ids: Sequence[str] | np.ndarray, known: Collection[str], what: str, where: str, rows: Rows) -> None:
    """Raise for the first row whose id is not among KNOWN (the ids WHERE defines)."""
    values = ids.tolist() if isinstance(ids, np.ndarray) else ids
    # A set difference first: cheap, and in a valid export all that runs.
    unknown = set(values) - set(known)
    if unknown:
        row = next(i for i, value in enumerate(values) if value in unknown)
        raise rows.error(row, f"a vote for {what} {values[row]}, which {where} does not have")
