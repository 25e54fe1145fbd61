"""An author typing a glossary term sees its agreed renderings without submitting anything."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from parley.dialogues.models import Statement
from parley.testing.personas import build_world, client_for, propose_and_approve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TERM = {"texts": {"en": "border", "ru": "граница", "az": "sərhəd", "hy": "սահման"}}


def test_the_hint_appears_while_typing_and_the_statement_is_still_submitted(live_server, new_page):
    world = build_world(slug="hint-talks")
    propose_and_approve(world.aynur, world.gayane, "glossary", TERM)
    page = new_page("en")
    session = client_for(world.alice).cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page.goto(f"{live_server.url}/d/hint-talks/write/")
    page.locator("form.stacked select[name=language]").select_option("az")
    page.locator("textarea[name=text]").press_sequentially("Sərhədlərin açılması", delay=20)
    expect(page.locator("#glossary-hint .glossary-hint")).to_contain_text("սահման")
    page.locator("form.stacked button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    assert Statement.objects.filter(text="Sərhədlərin açılması").exists()
