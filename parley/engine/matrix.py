"""The sparse participants x statements matrix of latest votes."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from .table import VoteTable


@dataclass(frozen=True, eq=False)
class VoteMatrix:
    """Latest votes in compressed-row form; a pass is a stored 0, a missing vote is absent.

    Rows are participants and columns statements, both in sorted id order, so
    the matrix does not depend on the order of the input rows. `arrival` is
    each participant's earliest timestamp among their counted votes, when the
    votes have timestamps.
    """

    participants: list[str]
    statements: list[str]
    indptr: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    arrival: np.ndarray | None = None

    @classmethod
    def from_table(cls, table: VoteTable, statements: Iterable[str] = ()) -> VoteMatrix:
        """Keep each participant's latest vote per statement; `statements` adds unvoted columns."""
        participants, rows = table.factorized("participant")
        columns, cols = table.factorized("statement", extra=statements)
        # A cell's key is its row and column side by side in bits: shifts and masks are cheap.
        # Built in place: at millions of votes every temporary array is tens of megabytes.
        col_bits = max(len(columns) - 1, 1).bit_length()
        key = rows << col_bits
        key |= cols
        del cols
        order, key = _sort_cells(key, table.timestamp)
        indptr = np.zeros(len(participants) + 1, dtype=np.int64)
        np.cumsum(np.bincount(key >> col_bits, minlength=len(participants)), out=indptr[1:])
        arrival = None
        if table.timestamp is not None and len(order):
            arrival = _earliest(rows, table.timestamp, order, len(participants))
        del rows
        key &= (1 << col_bits) - 1
        return cls(
            participants=participants,
            statements=columns,
            indptr=indptr,
            cols=key.astype(np.int32),
            values=table.value[order],
            arrival=arrival,
        )

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.participants), len(self.statements)

    @property
    def n_votes(self) -> int:
        return len(self.values)

    @property
    def rows(self) -> np.ndarray:
        """Return the row index of every stored vote."""
        return np.repeat(np.arange(self.shape[0], dtype=np.int32), np.diff(self.indptr))

    def csr(self, data: np.ndarray | None = None) -> sparse.csr_array:
        """Return the matrix as scipy CSR with `data` (default: the votes) in the stored cells."""
        values = self.values.astype(np.float64) if data is None else data
        return compressed_rows(values, self.cols, self.indptr, self.shape)

    def votes_per_participant(self) -> np.ndarray:
        return np.diff(self.indptr)

    def votes_per_statement(self) -> np.ndarray:
        return np.bincount(self.cols, minlength=self.shape[1])

    def counts(self, labels: np.ndarray, n_labels: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Count agree, disagree and seen votes per (label, statement), skipping rows labelled -1.

        Returns three int64 arrays of shape (n_labels, n_statements).
        """
        n_cols = self.shape[1]
        lengths = np.diff(self.indptr)
        labels = np.asarray(labels, dtype=np.int64)
        # One pass: each vote lands in the bin of its (label, statement, value), built in place.
        offset = labels * (3 * n_cols) + 1
        kept = labels >= 0
        if kept.all():
            bins = np.repeat(offset, lengths)
            cols, values = self.cols, self.values
        else:
            keep = np.repeat(kept, lengths)
            bins = np.repeat(offset[kept], lengths[kept])
            cols, values = self.cols[keep], self.values[keep]
        bins += cols * np.int32(3)
        bins += values
        tally = np.bincount(bins, minlength=n_labels * n_cols * 3).reshape(n_labels, n_cols, 3)
        return tally[:, :, 2], tally[:, :, 0], tally.sum(axis=2)

    @cached_property
    def totals(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return agree, disagree and seen counts per statement over everyone (computed once, read-only)."""
        counts = tuple(c[0] for c in self.counts(np.zeros(self.shape[0], np.int64), 1))
        for c in counts:
            c.flags.writeable = False
        return counts[0], counts[1], counts[2]

    def select_rows(self, mask: np.ndarray) -> VoteMatrix:
        """Return the sub-matrix of the participants where `mask` is true, all columns kept."""
        keep_rows = np.flatnonzero(mask)
        lengths = np.diff(self.indptr)[keep_rows]
        take = np.repeat(self.indptr[keep_rows], lengths) + _ranges(lengths)
        indptr = np.zeros(len(keep_rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        return VoteMatrix(
            participants=[self.participants[i] for i in keep_rows],
            statements=self.statements,
            indptr=indptr,
            cols=self.cols[take],
            values=self.values[take],
            arrival=None if self.arrival is None else self.arrival[keep_rows],
        )

    def arrival_order(self) -> np.ndarray:
        """Return row indices by arrival (earliest vote first), rows in id order without times."""
        if self.arrival is None:
            return np.arange(self.shape[0])
        return np.lexsort((np.arange(self.shape[0]), self.arrival))

    def column_mask(self, ids: Collection[str]) -> np.ndarray:
        """Return a boolean mask of the columns whose id is in `ids`."""
        wanted = set(ids)
        return np.fromiter((s in wanted for s in self.statements), bool, len(self.statements))


def compressed_rows(
    data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, shape: tuple[int, int]
) -> sparse.csr_array:
    """Build a CSR array sharing `indices`, with 32-bit index arrays whenever they fit.

    scipy casts mismatched index dtypes to 64 bits, which doubles the index
    memory and slows every product; matching 32-bit arrays avoid both.
    """
    if len(data) < np.iinfo(np.int32).max and shape[0] < np.iinfo(np.int32).max:
        indices = indices.astype(np.int32, copy=False)
        indptr = indptr.astype(np.int32, copy=False)
    return sparse.csr_array((data, indices, indptr), shape=shape)


def _ranges(lengths: np.ndarray) -> np.ndarray:
    """Concatenate arange(n) for every n in lengths."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    return np.arange(total, dtype=np.int64) - np.repeat(starts, lengths)


def _earliest(rows: np.ndarray, timestamp: np.ndarray, kept: np.ndarray, n_rows: int) -> np.ndarray:
    """Return each row's earliest timestamp among the vote rows in `kept` (every row has one)."""
    if len(kept) < len(rows):
        counted = np.zeros(len(rows), bool)
        counted[kept] = True
        rows, timestamp = rows[counted], timestamp[counted]
    earliest = np.full(n_rows, np.inf)
    # In input order: far cheaper than gathering the timestamps in cell order.
    np.minimum.at(earliest, rows, timestamp)
    return earliest


def _sort_cells(key: np.ndarray, timestamp: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Sort vote rows by cell and keep one row per cell: the latest, or the later row on ties.

    Returns the kept rows' indices and their cell keys, both in cell order.
    """
    n = len(key)
    if n == 0:
        return np.zeros(0, np.int64), key
    row_bits = n.bit_length()
    if int(key.max()) < 2 ** (62 - row_bits):
        # One plain sort of the key with the row number beside it in its low bits is
        # several times faster than a stable argsort; in place, it needs one array beside the key.
        combined = key << row_bits
        combined |= np.arange(n, dtype=np.int64)
        combined.sort()
        key = combined >> row_bits
        combined &= (1 << row_bits) - 1
        order = combined
    else:
        order = np.argsort(key, kind="stable")
        key = key[order]
    starts = np.ones(n, dtype=bool)
    starts[1:] = key[1:] != key[:-1]
    if starts.all():
        return order, key
    first = np.flatnonzero(starts)
    position = np.arange(n, dtype=np.int64)
    if timestamp is None:
        last = np.append(first[1:], n) - 1
    else:
        stamp = timestamp[order]
        group = np.cumsum(starts) - 1
        latest = np.maximum.reduceat(stamp, first)
        last = np.maximum.reduceat(np.where(stamp == latest[group], position, -1), first)
    return order[last], key[first]
