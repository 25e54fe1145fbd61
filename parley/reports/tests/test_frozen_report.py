"""An adopted report is frozen: its page shows the snapshot taken at adoption, whatever happens after."""

from __future__ import annotations

import hashlib
import json
import re

from django.test import Client
from django.urls import reverse

from parley.dialogues import actions as dialogue_actions
from parley.ledger.models import RecordEntry
from parley.record.entries import REPORT_FROZEN, REPORT_PUBLISHED
from parley.reports.tests.setup import adopted, voted


def _page(client: Client, frozen, lang: str = "en") -> str:
    url = reverse("reports:report", args=[frozen.dialogue.slug, frozen.report_id])
    response = client.get(url, {"lang": lang})
    assert response.status_code == 200
    return response.content.decode()


def _entries(world, entry_type: str) -> list[dict]:
    rows = RecordEntry.objects.filter(dialogue=world.dialogue, type=entry_type).order_by("seq")
    return [json.loads(bytes(row.data)) for row in rows]


def test_adopting_a_report_freezes_it_and_records_the_hash_of_its_snapshot(world):
    voted(world)
    frozen = adopted(world)
    (entry,) = _entries(world, REPORT_FROZEN)
    assert entry["payload"]["snapshot_sha256"] == hashlib.sha256(frozen.snapshot.encode()).hexdigest()
    assert entry["payload"]["report"] == frozen.report_id and entry["payload"]["publish_at"] == ""
    (published,) = _entries(world, REPORT_PUBLISHED)
    assert published["seq"] > entry["seq"] and published["payload"]["report"] == frozen.report_id


def test_the_snapshot_served_is_byte_for_byte_the_one_the_record_hashes(world):
    voted(world)
    frozen = adopted(world)
    response = Client().get(reverse("reports:snapshot", args=[world.dialogue.slug, frozen.report_id]))
    (entry,) = _entries(world, REPORT_FROZEN)
    assert hashlib.sha256(response.content).hexdigest() == entry["payload"]["snapshot_sha256"]


def test_later_votes_do_not_change_a_frozen_report_page(world):
    river, _border = voted(world)
    frozen = adopted(world)
    before = _page(Client(), frozen)
    snapshot_before = frozen.snapshot
    for name in ("alice", "aysel", "bella", "bashir"):
        dialogue_actions.do_cast_vote(world.members[name], river.pk, "disagree")
    world.statement("aysel", "A statement written after the report.")
    frozen.refresh_from_db()
    after = _page(Client(), frozen)
    assert frozen.snapshot == snapshot_before
    # The page differs at most in its CSRF token.
    strip = re.compile(r'"X-CSRFToken": "[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"')
    assert strip.sub("", after) == strip.sub("", before)
    assert "A statement written after the report." not in after


def test_the_report_page_shows_the_charts_with_their_figures_in_each_language(world):
    voted(world)
    frozen = adopted(world)
    page = _page(Client(), frozen, "hy")
    assert '<html lang="hy"' in page
    assert page.count('role="img"') >= 3  # participation, and per-side bars for each statement shown
    assert "<table" in page and "Rivers connect us." in page
    assert 'lang="en"' in page  # the statements keep their own language
    assert 'hreflang="az"' in page and 'hreflang="ru"' in page
    assert "<script" not in page.split("<body", 1)[1].split("</header>", 1)[1].split("</main>", 1)[0]


def test_a_translated_statement_keeps_its_label_and_its_original_in_its_own_language(world):
    voted(world)
    frozen = adopted(world)
    page = _page(Client(), frozen, "hy")
    assert '<p class="statement-text" lang="hy">Գետերը մեզ կապում են։</p>' in page
    assert '<p lang="en">Rivers connect us.</p>' in page
    snap = json.loads(frozen.snapshot)
    (river,) = [s for s in snap["statements"]["hy"].values() if s["original"] == "Rivers connect us."]
    assert river["is_translation"] and river["translation"]["source"] == "author"
    assert river["translation"]["label"] in page


def test_the_snapshot_keeps_each_sides_groups_as_the_engine_found_them(world):
    voted(world)
    frozen = adopted(world)
    snap = json.loads(frozen.snapshot)
    engine = frozen.report.run.result["meta"]["within_sides"]  # type: ignore[index]
    assert set(snap["within_sides"]) == set(engine) == {"A", "B"}
    for label, found in snap["within_sides"].items():
        assert [g["size"] for g in found["groups"]] == [g["size"] for g in engine[label]["groups"]]


def test_a_report_that_does_not_exist_is_not_found(world):
    response = Client().get(reverse("reports:report", args=[world.dialogue.slug, 999]))
    assert response.status_code == 404


def test_a_report_id_past_any_integer_column_is_not_found(world):
    huge = 10**30
    assert Client().get(f"/d/{world.dialogue.slug}/reports/{huge}/").status_code == 404
    assert Client().get(f"/d/{world.dialogue.slug}/reports/{huge}/snapshot.json").status_code == 404
