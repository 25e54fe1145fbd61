"""The crash check's verdict: after the server was killed with SIGKILL mid-run and restarted, is every
vote the benchmark saw acknowledged in the database and in the record exactly once, and does the
record's vote history replay to the vote table? Pure: the database is read by `bench.load_data`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

Pair = tuple[int, int]  # (membership id, statement id)


def replay(entries: Iterable[tuple[int, int, int]]) -> dict[Pair, int]:
    """The current vote of each (member, statement) after the record's vote entries, in seq order."""
    table: dict[Pair, int] = {}
    for member, statement, value in entries:
        table[(member, statement)] = value
    return table


def verdict(
    acked: Iterable[tuple[int, int, int]],
    unanswered: Iterable[Pair],
    votes: Iterable[tuple[int, int, int]],
    entries: Iterable[tuple[int, int, int]],
) -> dict[str, Any]:
    """ACKED: (member, statement, value) the server answered 2xx; UNANSWERED: pairs a request went out
    for without an answer (it may or may not have been kept, and the participant may have sent it again);
    VOTES: the vote table's rows; ENTRIES: the record's vote entries in seq order."""
    acked = list(acked)
    unanswered = set(unanswered)
    votes = list(votes)
    entries = list(entries)
    table = {(m, s): v for m, s, v in votes}
    in_record = Counter((m, s) for m, s, _v in entries)
    acks = Counter((m, s) for m, s, _v in acked)
    # The value last acknowledged for each pair must be the one in the table (a vote can be changed).
    last = {(m, s): v for m, s, v in acked}
    lost_table = [pair for pair, value in last.items() if table.get(pair) != value]
    # Each acknowledged vote is one entry; a pair sent again after an unanswered attempt may hold more.
    lost_record = sum(max(0, n - in_record[pair]) for pair, n in acks.items())
    repeated = [pair for pair, n in acks.items() if in_record[pair] > n and pair not in unanswered]
    replayed = replay(entries)
    return {
        "acknowledged": len(acked),
        "lost_from_table": len(lost_table),
        "lost_from_record": lost_record,
        "in_record_more_than_once": len(repeated),
        "double_counted": len(votes) - len(table),
        "replay_mismatches": sum(1 for k in set(replayed) | set(table) if replayed.get(k) != table.get(k)),
        "ok": not lost_table and not lost_record and not repeated and len(votes) == len(table) and replayed == table,
    }
