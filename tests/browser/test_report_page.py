"""A frozen report's page in a real browser: its SVG charts are drawn, on a phone without sideways scrolling,
and the page prints (a screenshot of it is kept under the test's temporary folder)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from parley.reports.tests.setup import adopted, voted
from parley.testing.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def test_a_report_page_shows_its_svg_charts_and_fits_a_phone(live_server, new_page, tmp_path):
    world = build_world(slug="report-talks")
    voted(world)
    frozen = adopted(world)
    page = new_page("hy")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/d/{world.dialogue.slug}/reports/{frozen.report_id}/?lang=hy")
    charts = page.locator("svg[role=img]")
    # Participation, the opinion map, and the per-side bars of each common-ground and divide statement.
    expect(charts).to_have_count(4)
    for index in range(4):
        chart = charts.nth(index)
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 40
    expect(page.locator(".chart-bars rect.bar").first).to_be_visible()
    expect(page.locator(".chart-map circle.dot").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # Printed, the site's navigation is dropped and the charts stay.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(charts.first).to_be_visible()
