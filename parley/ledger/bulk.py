"""Insert many rows at once, past the ORM's per-object work: COPY on PostgreSQL, executemany elsewhere.

For bulk paths (the Pol.is importer, the stored tree of an import) where `bulk_create` spends
more time building model objects and SQL than the database spends storing the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db import connection, models

_BATCH = 10_000


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ROWS (tuples of FIELDS' values, ready for the database) into MODEL's table; return how many.

    Every other concrete field but the auto primary key gets its default. Values must already be
    what the database stores: ids for foreign keys (name them `membership_id`, ...), aware
    datetimes through `db_value`.
    """
    meta = model._meta
    given = [cast(models.Field, meta.get_field(name)) for name in fields]
    rest = [f for f in meta.concrete_fields if f not in given and not f.primary_key]
    extra = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
    columns = [f.column for f in given] + [f.column for f in rest]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    table = connection.ops.quote_name(meta.db_table)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, *extra))
                    count += 1
            return count
        # Table and column names come from the model, never from input.
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append((*row, *extra))
            if len(batch) == _BATCH:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def db_value(model: type[models.Model], field: str, value: Any) -> Any:
    """VALUE of MODEL's FIELD as the database stores it (e.g. a datetime as SQLite's text)."""
    return cast(models.Field, model._meta.get_field(field)).get_db_prep_save(value, connection)
