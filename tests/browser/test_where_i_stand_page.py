"""A participant's "where I stand" page with a map, on a 360 px phone in each language: the map's dots
are drawn where the analysis put them, and the page is accessible, fits and marks foreign text."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from parley.analysis.tasks import analyse_now
from parley.stand.tests.test_where_i_stand import split_dialogue
from parley.testing.personas import build_world, client_for
from tests.browser import audit

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_the_page_draws_the_map_and_is_accessible_on_a_phone_in_every_language(live_server, browser, settings):
    settings.TALLY_MIN_VOTERS = 2
    world = build_world(slug="stand-talks")
    split_dialogue(world)
    analyse_now(world.dialogue.pk)
    session = client_for(world.alice).cookies["sessionid"].value
    problems = []
    for language in ("en", "az", "hy", "ru"):
        context = browser.new_context(locale=language, viewport={"width": 360, "height": 740})
        context.add_cookies(
            [
                {"name": "sessionid", "value": session, "url": live_server.url},
                {"name": "django_language", "value": language, "url": live_server.url},
            ]
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/d/stand-talks/me/stand/")
        where = f"the stand page in {language}"
        # The participant's dot is inside the map, not at its corner (as a localised "16,0" would put it).
        box = page.locator("svg.opinion-map").bounding_box()
        dot = page.locator("svg.opinion-map .me-dot").bounding_box()
        assert box and dot and dot["x"] > box["x"] + 2 and dot["y"] > box["y"] + 2, where
        expect(page.locator("#stand-map-text")).not_to_be_empty()
        problems += audit.overflow_problems(page, where)
        unmarked = audit.unmarked_foreign_text(page)
        if unmarked:
            problems.append(f"{where} has text without its own lang: {unmarked}")
        violations = audit.accessibility_violations(page)
        if violations:
            problems.append(audit.describe(violations, where))
        context.close()
    assert not problems, "\n".join(problems)
