"""The tables every vote writes carry no index that another index already covers: each costs a write."""

import pytest
from django.db import connection

from parley.dialogues.models import Vote
from parley.ledger.models import Opening, RecordEntry


@pytest.mark.parametrize("model", [Vote, RecordEntry, Opening])
def test_no_index_of_a_vote_or_record_table_is_a_leading_part_of_another(db, model):
    if connection.vendor != "postgresql":
        pytest.skip("Django's SQLite introspection fails on the vote table's check constraint")
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    indexes = {name: tuple(c["columns"]) for name, c in constraints.items() if c["index"] or c["unique"]}
    covered = [
        name
        for name, columns in indexes.items()
        if not constraints[name]["primary_key"]
        and not constraints[name]["unique"]
        and any(other != name and found[: len(columns)] == columns for other, found in indexes.items())
    ]
    assert covered == []
