"""A member's vote on a statement written in one statement that also tells the value it replaced."""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from parley.dialogues.models import Membership, Statement, Vote


def upsert_vote(member: Membership, statement: Statement, value: int, now: datetime) -> tuple[Vote, int | None]:
    """Set MEMBER's vote on STATEMENT to VALUE; return the vote and its previous value (None for a first vote).

    On PostgreSQL a re-vote is one UPDATE (the old value read under the row's lock); a first vote is that UPDATE,
    finding nothing, and one INSERT. Two first votes racing: the loser's INSERT does nothing, and it
    updates the winner's row."""
    table = connection.ops.quote_name(Vote._meta.db_table)
    stamp = Vote._meta.get_field("updated_at").get_db_prep_value(now, connection)
    with connection.cursor() as cursor:
        while True:
            previous: int | None = None
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"UPDATE {table} SET value = %s, updated_at = %s FROM (SELECT id, value FROM {table} "  # noqa: S608
                    "WHERE membership_id = %s AND statement_id = %s FOR UPDATE) AS old "
                    f"WHERE {table}.id = old.id RETURNING {table}.id, old.value",
                    [value, stamp, member.pk, statement.pk],
                )
                row = cursor.fetchone()
            else:  # SQLite: the transaction already holds the only write lock
                cursor.execute(
                    f"SELECT id, value FROM {table} WHERE membership_id = %s AND statement_id = %s",  # noqa: S608
                    [member.pk, statement.pk],
                )
                row = cursor.fetchone()
                if row is not None:
                    cursor.execute(
                        f"UPDATE {table} SET value = %s, updated_at = %s WHERE id = %s",  # noqa: S608
                        [value, stamp, row[0]],
                    )
            if row is None:
                cursor.execute(
                    f"INSERT INTO {table} (membership_id, statement_id, value, updated_at) VALUES (%s, %s, %s, %s) "  # noqa: S608
                    "ON CONFLICT (membership_id, statement_id) DO NOTHING RETURNING id",
                    [member.pk, statement.pk, value, stamp],
                )
                row = cursor.fetchone()
                if row is None:
                    continue  # a concurrent first vote made the row: update it
            else:
                previous = row[1]
            vote = Vote(id=row[0], membership=member, statement=statement, value=value, updated_at=now)
            vote._state.adding = False
            vote._state.db = connection.alias
            return vote, previous
