"""Counters of current votes per statement and side (`SideTally`), kept in each vote's transaction.

One upsert per vote (INSERT ... ON CONFLICT DO UPDATE, on PostgreSQL and SQLite) adds the new value
and takes the old one away, with no read-modify-write: concurrent votes on the same statement wait
only for that statement's row of their side. The old value comes from the vote's own upsert
(`parley.dialogues.upsert`), which reads it under the vote row's lock, so a double submit counts once.
The bulk paths (the Pol.is importer, migrations) call `recount`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, Q

from parley.dialogues.models import SideTally, Statement, Vote, VoteHistory

COLUMNS = {1: "agree", -1: "disagree", 0: "passes"}
# The same statement on PostgreSQL and SQLite (3.24+): the row of (statement, side) is created, or
# the deltas are added to it, in one statement that takes only that row's lock.
_TABLE = SideTally._meta.db_table
UPSERT = (
    f'INSERT INTO {_TABLE} (statement_id, side_id, agree, disagree, passes, "cast") '  # noqa: S608 (the name from _meta)
    "VALUES (%s, %s, %s, %s, %s, %s) "
    f"ON CONFLICT (statement_id, side_id) DO UPDATE SET agree = {_TABLE}.agree + excluded.agree, "
    f"disagree = {_TABLE}.disagree + excluded.disagree, "
    f"passes = {_TABLE}.passes + excluded.passes, "
    f'"cast" = {_TABLE}."cast" + excluded."cast"'
)


def count_vote(
    statement: Statement | int, side_id: int, old_value: int | None, new_value: int, *, published: bool
) -> None:
    """Move one vote of SIDE on STATEMENT from OLD_VALUE (None: a first vote) to NEW_VALUE; PUBLISHED:
    the vote is published as it is cast (votes public one by one), so it counts as cast now."""
    if old_value == new_value and not published:
        return
    delta = {column: 0 for column in COLUMNS.values()}
    delta[COLUMNS[new_value]] += 1
    if old_value is not None:
        delta[COLUMNS[old_value]] -= 1
    statement_id = statement if isinstance(statement, int) else statement.pk
    with connection.cursor() as cursor:
        cursor.execute(
            UPSERT, [statement_id, side_id, delta["agree"], delta["disagree"], delta["passes"], int(published)]
        )


def count_cast(counts: dict[tuple[int, int], int]) -> None:
    """Add to the votes cast of each (statement, side) in COUNTS: the votes a sealed batch published."""
    with connection.cursor() as cursor:
        cursor.executemany(UPSERT, [(statement, side, 0, 0, 0, n) for (statement, side), n in counts.items() if n])


def published_history(where: Q) -> Q:
    """The history rows WHERE selects that are published: cast while votes were public one by one, or
    sealed in a batch (a totals-only vote waiting for its batch is not)."""
    return where & (Q(commitment="") | Q(batch__isnull=False))


def aggregate(where: Q) -> dict[tuple[int, int], tuple[int, int, int]]:
    """(statement, side) -> (agree, disagree, pass) counted afresh from the current votes WHERE says."""
    rows = (
        Vote.objects.filter(where)
        .values("statement_id", "membership__side_id")
        .annotate(
            agree=Count("id", filter=Q(value=1)),
            disagree=Count("id", filter=Q(value=-1)),
            passes=Count("id", filter=Q(value=0)),
        )
        .order_by()
    )
    return {(r["statement_id"], r["membership__side_id"]): (r["agree"], r["disagree"], r["passes"]) for r in rows}


def casts(where: Q) -> dict[tuple[int, int], int]:
    """(statement, side) -> published votes cast, counted afresh from the history rows WHERE selects."""
    rows = (
        VoteHistory.objects.filter(published_history(where))
        .values("statement_id", "membership__side_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(r["statement_id"], r["membership__side_id"]): r["n"] for r in rows}


def recount(dialogue_id: int) -> None:
    """Set the counters of every statement of a dialogue from its current votes and history (bulk writes)."""
    where = Q(statement__dialogue_id=dialogue_id)
    current, cast = aggregate(where), casts(where)
    SideTally.objects.filter(statement__dialogue_id=dialogue_id).delete()
    rows = []
    for statement, side in sorted(set(current) | set(cast)):
        agree, disagree, passes = current.get((statement, side), (0, 0, 0))
        rows.append(
            SideTally(
                statement_id=statement,
                side_id=side,
                agree=agree,
                disagree=disagree,
                passes=passes,
                cast=cast.get((statement, side), 0),
            )
        )
    SideTally.objects.bulk_create(rows, batch_size=5000)


def stored(statement_ids: Iterable[int]) -> dict[tuple[int, int], tuple[int, int, int]]:
    """(statement, side) -> (agree, disagree, pass) as the counters hold them (rows of zeros left out)."""
    rows = SideTally.objects.filter(statement_id__in=list(statement_ids)).values_list(
        "statement_id", "side_id", "agree", "disagree", "passes"
    )
    return {(s, side): (a, d, p) for s, side, a, d, p in rows if a or d or p}
