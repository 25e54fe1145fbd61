"""What a dishonest host might do to the record, for the tests that must catch it."""

from __future__ import annotations

from django.db import connection

from parley.ledger import tree
from parley.ledger.models import RecordEntry
from parley.record import leaf_hash


def overwrite_entry(entry: RecordEntry, data: bytes) -> None:
    """Replace an entry's bytes in place and re-hash it, past PostgreSQL's append-only trigger, and
    store the dialogue's Merkle tree anew over it, as a host rewriting its history would."""
    table = connection.ops.quote_name(RecordEntry._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks still pending in this transaction would block ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER parley_record_entry_append_only")
        cursor.execute(
            f"UPDATE {table} SET data = %s, leaf_hash = %s WHERE id = %s",  # noqa: S608 (a model's table name)
            [data, leaf_hash(data), entry.pk],
        )
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER parley_record_entry_append_only")
    tree.rebuild(entry.dialogue_id)
