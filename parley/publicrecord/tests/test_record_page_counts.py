"""The record page and the entries API take the record's size and its counts by type from what the
appender keeps, never from a count of every entry."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parley.dialogues import actions
from parley.ledger.models import RecordEntry


def counts_every_entry(captured: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if "COUNT(" in q["sql"] and "publicrecord_recordentry" in q["sql"] and '"type" IN' not in q["sql"]
    ]


@pytest.mark.django_db
def test_the_record_page_and_the_entries_api_count_no_entries(world, client):
    statement = world.statement("aynur", "Both banks of the river need one bridge.")
    actions.do_cast_vote(world.alice, statement.pk, "agree")
    size = RecordEntry.objects.filter(dialogue=world.dialogue).count()
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"/d/{world.dialogue.slug}/record/")
        older = client.get(f"/d/{world.dialogue.slug}/record/?seq=1")
        api = client.get(f"/api/v1/dialogues/{world.dialogue.slug}/record/")
    assert page.status_code == older.status_code == api.status_code == 200
    assert not counts_every_entry(captured)
    assert api.json()["size"] == size
