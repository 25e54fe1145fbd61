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
class VoteTable:
    """Votes as parallel arrays: one row per vote cast, re-votes included.

    `participant` and `statement` hold ids (strings, or integers, which are
    written out as strings); `value` is +1 agree, -1 disagree, 0 pass;
    `timestamp` (optional, any sortable number) decides which of several votes
    by one participant on one statement counts: the latest, and on equal or
    missing timestamps the later row.
    """

    participant: np.ndarray
    statement: np.ndarray
    value: np.ndarray
    timestamp: np.ndarray | None = None

    def __post_init__(self) -> None:
        participant = _id_array(self.participant, "participant")
        statement = _id_array(self.statement, "statement")
        value = np.asarray(self.value)
        n = len(participant)
        if len(statement) != n or len(value) != n:
            raise EngineInputError("participant, statement and value must have the same length")
        if (
            n
            and not np.issubdtype(value.dtype, np.integer)
            and (not np.issubdtype(value.dtype, np.floating) or not np.all(value == np.round(value)))
        ):
            raise EngineInputError("vote values must be integers -1, 0 or 1")
        value = value.astype(np.int8, copy=False) if n else np.zeros(0, np.int8)
        if n and (value.min() < -1 or value.max() > 1):
            bad = int(np.flatnonzero((value < -1) | (value > 1))[0])
            raise EngineInputError(f"vote value {self.value[bad]!r} in row {bad} is not -1, 0 or 1")
        timestamp = self.timestamp
        if timestamp is not None:
            timestamp = np.asarray(timestamp, dtype=np.float64)
            if len(timestamp) != n:
                raise EngineInputError("timestamp must have the same length as the votes")
            if n and np.isnan(timestamp).any():
                # NaN compares with nothing: it would make "the latest vote" meaningless.
                bad = int(np.flatnonzero(np.isnan(timestamp))[0])
                raise EngineInputError(f"timestamp in row {bad} is not a number")
        object.__setattr__(self, "participant", participant)
        object.__setattr__(self, "statement", statement)
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "timestamp", timestamp)

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
