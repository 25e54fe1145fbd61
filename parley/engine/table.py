"""The engine's input: a table of votes as parallel arrays."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .errors import EngineInputError

AGREE = 1
DISAGREE = -1
PASS = 0

_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)\Z")


@dataclass(frozen=True, eq=False)
class EncodedIds:
    """An id column as integer codes into its distinct ids (a dictionary-encoded column).

    `labels` holds each distinct id once, as text; `codes` each row's index in
    `labels`. A reader that encodes ids as it parses (pyarrow's CSV reader)
    hands them on like this, so no Python string is made per row.
    """

    labels: np.ndarray
    codes: np.ndarray

    def __post_init__(self) -> None:
        labels, codes = np.asarray(self.labels), np.asarray(self.codes)
        if labels.ndim != 1 or codes.ndim != 1:
            raise EngineInputError("encoded ids must be one-dimensional")
        if labels.dtype == object:
            labels = labels.astype(str)
        if len(labels) and labels.dtype.kind != "U":
            raise EngineInputError(f"encoded id labels must be strings, not {labels.dtype}")
        if len(codes) and not np.issubdtype(codes.dtype, np.integer):
            raise EngineInputError(f"id codes must be integers, not {codes.dtype}")
        if len(codes) and (int(codes.min()) < 0 or int(codes.max()) >= len(labels)):
            raise EngineInputError("an id code points past the labels")
        if len(np.unique(labels)) != len(labels):
            raise EngineInputError("encoded id labels must be distinct")
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "codes", codes)

    def __len__(self) -> int:
        return len(self.codes)

    def decode(self) -> np.ndarray:
        """Return the ids row by row, as a string array."""
        return self.labels[self.codes] if len(self.codes) else np.zeros(0, dtype=str)

    def factorize(self, extra: Iterable[str] = ()) -> tuple[list[str], np.ndarray]:
        """Return what `factorize` returns for the decoded ids, working on the distinct ids only."""
        used = np.bincount(self.codes, minlength=len(self.labels)) > 0 if len(self.codes) else np.zeros(0, bool)
        labels, codes = self.labels, self.codes
        if not used.all():
            # An id no row uses is no participant or statement: leave it out, as decoding would.
            renumber = np.cumsum(used) - 1
            labels, codes = labels[used], renumber[codes]
        sorted_labels, position = factorize(labels, extra)
        return sorted_labels, position[codes]


class VoteTable:
    """Votes as parallel arrays: one row per vote cast, re-votes included.

    `participant` and `statement` hold ids (strings, or integers, which are
    written out as strings), or `EncodedIds`; `value` is +1 agree, -1
    disagree, 0 pass; `timestamp` (optional, any sortable number) decides
    which of several votes by one participant on one statement counts: the
    latest, and on equal or missing timestamps the later row. Reading
    `participant` or `statement` gives the ids row by row either way;
    `factorized` gives the engine sorted ids and integer codes.
    """

    __slots__ = ("_participant", "_statement", "timestamp", "value")

    value: np.ndarray
    timestamp: np.ndarray | None

    def __init__(
        self,
        participant: np.ndarray | EncodedIds,
        statement: np.ndarray | EncodedIds,
        value: np.ndarray,
        timestamp: np.ndarray | None = None,
    ) -> None:
        ids = {
            name: column if isinstance(column, EncodedIds) else _id_array(column, name)
            for name, column in (("participant", participant), ("statement", statement))
        }
        value = np.asarray(value)
        n = len(ids["participant"])
        if len(ids["statement"]) != n or len(value) != n:
            raise EngineInputError("participant, statement and value must have the same length")
        if (
            n
            and not np.issubdtype(value.dtype, np.integer)
            and (not np.issubdtype(value.dtype, np.floating) or not np.all(value == np.round(value)))
        ):
            raise EngineInputError("vote values must be integers -1, 0 or 1")
        original = value
        value = value.astype(np.int8, copy=False) if n else np.zeros(0, np.int8)
        if n and (value.min() < -1 or value.max() > 1):
            bad = int(np.flatnonzero((value < -1) | (value > 1))[0])
            raise EngineInputError(f"vote value {original[bad]!r} in row {bad} is not -1, 0 or 1")
        if timestamp is not None:
            timestamp = np.asarray(timestamp, dtype=np.float64)
            if len(timestamp) != n:
                raise EngineInputError("timestamp must have the same length as the votes")
            if n and np.isnan(timestamp).any():
                # NaN compares with nothing: it would make "the latest vote" meaningless.
                bad = int(np.flatnonzero(np.isnan(timestamp))[0])
                raise EngineInputError(f"timestamp in row {bad} is not a number")
        self._participant = ids["participant"]
        self._statement = ids["statement"]
        self.value = value
        self.timestamp = timestamp

    @property
    def participant(self) -> np.ndarray:
        """Return the participant ids row by row."""
        return _decoded(self._participant)

    @property
    def statement(self) -> np.ndarray:
        """Return the statement ids row by row."""
        return _decoded(self._statement)

    @property
    def participant_column(self) -> np.ndarray | EncodedIds:
        """Return the participant ids as stored: an array of ids, or EncodedIds."""
        return self._participant

    @property
    def statement_column(self) -> np.ndarray | EncodedIds:
        """Return the statement ids as stored: an array of ids, or EncodedIds."""
        return self._statement

    def factorized(self, name: str, extra: Iterable[str] = ()) -> tuple[list[str], np.ndarray]:
        """Return the sorted distinct ids of column NAME ("participant" or "statement") and each row's index."""
        column = self._participant if name == "participant" else self._statement
        if isinstance(column, EncodedIds):
            return column.factorize(extra)
        return factorize(column, extra)

    def __len__(self) -> int:
        return len(self.value)

    @classmethod
    def from_records(cls, records: Iterable[Sequence[object]]) -> VoteTable:
        """Build a table from `(participant, statement, value[, timestamp])` tuples."""
        participants: list[str] = []
        statements: list[str] = []
        values: list[int] = []
        stamps: list[float] = []
        with_time: bool | None = None
        for i, record in enumerate(records):
            if len(record) not in (3, 4):
                raise EngineInputError(f"vote {i} has {len(record)} fields, expected 3 or 4")
            if with_time is None:
                with_time = len(record) == 4
            elif with_time != (len(record) == 4):
                raise EngineInputError(f"vote {i}: either every vote has a timestamp or none")
            participants.append(str(record[0]))
            statements.append(str(record[1]))
            value = record[2]
            if value not in (-1, 0, 1) or isinstance(value, bool):
                raise EngineInputError(f"vote {i}: value {value!r} is not -1, 0 or 1")
            values.append(int(value))  # type: ignore[call-overload]
            if with_time:
                stamps.append(float(record[3]))  # type: ignore[arg-type]
        return cls(
            participant=np.array(participants, dtype=str),
            statement=np.array(statements, dtype=str),
            value=np.array(values, dtype=np.int8),
            timestamp=np.array(stamps) if with_time else None,
        )


def _decoded(column: np.ndarray | EncodedIds) -> np.ndarray:
    return column.decode() if isinstance(column, EncodedIds) else column


def _id_array(ids: object, name: str) -> np.ndarray:
    array = np.asarray(ids)
    if array.ndim != 1:
        raise EngineInputError(f"{name} ids must be a one-dimensional array")
    if array.dtype == object:
        array = array.astype(str)
    if len(array) and not (np.issubdtype(array.dtype, np.integer) or array.dtype.kind == "U"):
        raise EngineInputError(f"{name} ids must be strings or integers, not {array.dtype}")
    return array


def factorize(ids: np.ndarray, extra: Iterable[str] = ()) -> tuple[list[str], np.ndarray]:
    """Return the sorted distinct ids as strings, and each row's index among them.

    Integer ids, and string ids that are all plain decimals, sort as numbers;
    other strings sort by code point. `extra` adds ids that have no row.
    """
    extra = set(extra)
    if not extra and np.issubdtype(ids.dtype, np.integer) and len(ids):
        low, high = int(ids.min()), int(ids.max())
        if high - low <= max(4 * len(ids), 1 << 20):
            # Dense integer ids: a presence table beats sorting.
            shifted = ids.astype(np.int64) - low
            present = np.bincount(shifted) > 0
            labels = [str(u + low) for u in np.flatnonzero(present).tolist()]
            if present.all():
                # Consecutive ids: each one's index is its distance from the lowest.
                return labels, shifted
            codes = np.cumsum(present) - 1
            return labels, codes[shifted]
    uniques, codes = np.unique(ids, return_inverse=True)
    labels = [str(u) for u in uniques.tolist()]
    extra_labels = sorted(extra - set(labels))
    if not extra_labels and np.issubdtype(uniques.dtype, np.integer):
        return labels, codes.astype(np.int64, copy=False)
    everything = labels + extra_labels
    if all(_DECIMAL.match(label) for label in everything):
        order = sorted(range(len(everything)), key=lambda i: int(everything[i]))
    else:
        order = sorted(range(len(everything)), key=lambda i: everything[i])
    position = np.empty(len(everything), dtype=np.int64)
    position[np.asarray(order, dtype=np.int64)] = np.arange(len(everything))
    return [everything[i] for i in order], position[: len(labels)][codes]
