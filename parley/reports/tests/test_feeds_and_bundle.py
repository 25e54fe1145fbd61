"""The Atom feeds of the record and of the reports, and the open-data bundle downloaded from the dialogue's page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parley.record.verifier import verify_bundle
from parley.reports.tests.setup import adopted, voted

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own output)


def test_the_record_feed_tells_the_newest_entries_as_the_record_page_does(world):
    voted(world)
    root = _feed(Client(), reverse("publicrecord:feed", args=[world.dialogue.slug]))
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert 0 < len(titles) <= 50
    assert any("voted on statement no." in t for t in titles)
    page = Client().get(reverse("publicrecord:record", args=[world.dialogue.slug])).content.decode()
    assert titles[0] in page
    # Pseudonyms and member ids stay out of the sentences, as on the record page.
    assert "a-voter-" not in ET.tostring(root, encoding="unicode")


def test_the_reports_feed_lists_published_reports_and_never_an_embargoed_one(world):
    voted(world)
    public = adopted(world)
    world.statement("aysel", "Another statement so that a second analysis differs.")
    embargoed = adopted(world, publish_at=(timezone.now() + timedelta(days=1)).isoformat())
    url = reverse("reports:feed", args=[world.dialogue.slug])
    for client in (Client(), world.client("alice")):
        links = [e.find(f"{ATOM}link").get("href") for e in _feed(client, url).findall(f"{ATOM}entry")]
        assert [link.rsplit("/reports/", 1)[1] for link in links] == [f"{public.report_id}/"]
    assert embargoed.report_id != public.report_id


def test_the_dialogue_page_and_the_record_page_link_the_feeds_and_the_bundle(world):
    for name in ("dialogues:detail", "publicrecord:record"):
        page = Client().get(reverse(name, args=[world.dialogue.slug])).content.decode()
        assert 'rel="alternate" type="application/atom+xml"' in page
        assert reverse("publicrecord:bundle", args=[world.dialogue.slug]) in page


def test_the_bundle_downloaded_from_the_dialogue_page_verifies_offline(world, tmp_path: Path):
    voted(world)
    adopted(world)
    response: Any = Client().get(reverse("publicrecord:bundle", args=[world.dialogue.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    path = tmp_path / "bundle.zip"
    path.write_bytes(b"".join(response.streaming_content))
    report = verify_bundle(path)
    assert report.state == "verified", report.problems


def test_the_reports_api_lists_public_reports_with_their_hashes_and_embargoed_ones_only_to_members(world):
    import hashlib

    from tests.test_api_serialisers import documented_fields

    voted(world)
    public = adopted(world)
    world.statement("aysel", "Another statement so that a second analysis differs.")
    embargoed = adopted(world, publish_at=(timezone.now() + timedelta(days=1)).isoformat())
    url = reverse("api:api_reports", args=[world.dialogue.slug])
    answer = Client().get(url).json()
    assert set(answer) == {"dialogue", "reports"} <= documented_fields("reports/")
    (shown,) = answer["reports"]
    fields = {"id", "run", "frozen_at", "publish_at", "public", "snapshot_sha256", "url", "snapshot_url"}
    assert set(shown) == fields and {"frozen_at", "publish_at", "snapshot_url"} <= documented_fields("reports/")
    assert shown["id"] == public.report_id and shown["public"] is True
    snapshot = Client().get(shown["snapshot_url"]).content
    assert hashlib.sha256(snapshot).hexdigest() == shown["snapshot_sha256"]
    mine = world.client("alice").get(url).json()["reports"]
    assert [(r["id"], r["public"]) for r in mine] == [(embargoed.report_id, False), (public.report_id, True)]
