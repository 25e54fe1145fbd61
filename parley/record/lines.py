"""The entries of a bundle's record.jsonl, parsed when read instead of all kept parsed.

A record of 200k entries parsed into dicts takes hundreds of megabytes; the verifier keeps the
file's bytes and the offsets of its lines (8 bytes an entry), parses each entry as it walks the
record, and keeps parsed only the few entries later checks look up again.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import Any

from parley.record.canonical import parse_canonical


class RecordLines:
    """The lines of RECORD (bytes ending in a newline, or empty), by index, without the newline."""

    def __init__(self, record: bytes) -> None:
        self._record = record
        self._starts = array("q", [0])
        find, position = record.find, 0
        while (end := find(b"\n", position)) != -1:
            position = end + 1
            self._starts.append(position)
        self._kept: dict[int, dict[str, Any]] = {}

    def __len__(self) -> int:
        return len(self._starts) - 1

    def line(self, index: int) -> bytes:
        return self._record[self._starts[index] : self._starts[index + 1] - 1]

    def lines(self) -> Iterator[bytes]:
        for index in range(len(self)):
            yield self.line(index)

    def keep(self, index: int, entry: dict[str, Any]) -> None:
        """Keep ENTRY parsed: a later check reads it again."""
        self._kept[index] = entry

    def kept(self) -> list[dict[str, Any]]:
        """The entries kept parsed, in record order."""
        return [self._kept[index] for index in sorted(self._kept)]

    def entry(self, index: int) -> dict[str, Any]:
        """Entry INDEX, parsed (the verifier has checked every line is a canonical object)."""
        found = self._kept.get(index)
        if found is None:
            value = parse_canonical(self.line(index))
            assert isinstance(value, dict)
            found = value
        return found

    def entries(self, start: int = 0, stop: int | None = None) -> Iterator[dict[str, Any]]:
        """Entries START to STOP - 1, parsed one at a time."""
        for index in range(start, len(self) if stop is None else min(stop, len(self))):
            yield self.entry(index)
