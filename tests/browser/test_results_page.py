"""The results page in a real browser: the answer first, honest while votes are few, and readable on a
360 px phone without scrolling sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from parley.analysis.tasks import analyse_now
from parley.dialogues import actions
from parley.testing.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
# The answer's first words on a page with a few votes, in the reader's language.
TOO_EARLY = {"en": "Too early to tell.", "hy": "Դեռ վաղ է ասել։"}


def few_votes_world():
    world = build_world(slug="few-votes")
    rivers = world.statement("aynur", "Rivers need joint monitoring, with data published by both sides.")
    world.statement("gayane", "Հին քարտեզները պետք է փոխանակել։", "hy")
    world.statement("alice", "https://example.org/a/very/long/address/that/has/no/spaces/at/all/in/it/anywhere")
    for name in ("alice", "aysel", "bella", "bashir"):
        actions.do_cast_vote(world.members[name], rivers.pk, "agree")
    analyse_now(world.dialogue.pk)
    return world, rivers


def test_a_fresh_dialogue_with_a_few_votes_says_too_early_and_fits_a_phone(live_server, new_page):
    world, rivers = few_votes_world()
    for language in ("en", "hy"):
        page = new_page(language)
        page.set_viewport_size(PHONE)
        page.goto(f"{live_server.url}/d/{world.dialogue.slug}/results/")
        expect(page.locator("#answer-heading")).to_be_visible()
        expect(page.locator(".answer .too-early").first).to_contain_text(TOO_EARLY[language])
        expect(page.locator("#common-ground .result")).to_have_count(0)
        expect(page.locator(f"#statement-{rivers.pk} .verdict")).to_be_visible()
        # Opening a statement shows its votes; nothing on the page scrolls sideways.
        page.locator(f"#statement-{rivers.pk} summary").first.click()
        expect(page.locator(f"#statement-{rivers.pk} .side-result").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], language
        # The filters work as links: "too early to tell" lists the statement.
        page.locator(".filters a", has_text=re.compile("Too early|Դեռ վաղ")).click()
        expect(page.locator(f"#statement-{rivers.pk}")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], language
