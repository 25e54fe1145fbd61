"""The co-chairs' first hour on a phone: each side's first co-chair (one in Azerbaijani, one in Armenian)
joins a fresh draft through the site administrator's link, follows the setup checklist, and the two open
the dialogue through proposals, each approved by the other side. At 360 px, with no dead end, no
horizontal scrolling, and no English or raw code on the pages they visit."""

from __future__ import annotations

import re
from functools import cache

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from parley.dialogues import actions
from parley.dialogues.models import Dialogue
from parley.proposals.models import Proposal
from parley.testing.personas import SIDES
from tests.browser import audit
from tests.test_translations import english_patterns, leaks, raw_codes

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
TITLE = {"en": "River talks", "az": "Çay danışıqları", "hy": "Գետի շուրջ զրույցներ", "ru": "Разговоры о реке"}


# What sticks out past a phone's right edge, to name it when the page is too wide.
WIDE = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth)
  .slice(-5).map(e => e.tagName + ' ' + (e.className || '') + ' ' + Math.round(e.getBoundingClientRect().right))"""


@cache
def english(language: str):
    return english_patterns(language)


def check(page, language: str) -> None:
    """The page fits a 360 px phone and speaks only the reader's language."""
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (page.url, width, page.evaluate(WIDE))
    found = leaks(page.content(), english(language), raw_codes(), language)
    assert "cochair-" not in page.locator("body").inner_text(), page.url
    assert found == [], (page.url, found)
    audit.assert_no_overflow(page)
    audit.assert_accessible(page)


def follow(page, language: str, step: str) -> None:
    """Follow the checklist's link of STEP from the dialogue page: the way on is always a link."""
    link = page.locator(f"#setup-{step} a")
    expect(link).to_be_visible()
    with page.expect_navigation():
        link.click()
    check(page, language)


def join_as_cochair(page, link: str, handle: str, language: str, language_label: str) -> None:
    page.goto(link)
    check(page, language)
    page.locator("form.stacked input[name=handle]").fill(handle)
    page.locator("form.stacked select[name=language]").select_option(label=language_label)
    page.locator("input[name=account-username]").fill(handle.lower())
    page.locator("input[name=account-password]").fill("correct horse battery staple")
    page.locator("input[name=account-password2]").fill("correct horse battery staple")
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/d/[\w-]+/#setup$"))
    expect(page.locator("#setup details")).to_have_attribute("open", "")
    check(page, language)


def propose(page, language: str, step: str, fill=None) -> None:
    """Follow STEP's link to its open proposal form, fill it, and propose."""
    follow(page, language, step)
    form = page.locator("details.propose[open] form")
    if fill is not None:
        fill(form)
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    check(page, language)


def approve(page, language: str, dialogue_url: str, step: str) -> None:
    """The other side sees the step waiting on it, follows the link and approves."""
    page.goto(dialogue_url)
    expect(page.locator(f"#setup-{step} a")).to_have_attribute("href", re.compile("#pending$"))
    follow(page, language, step)
    page.locator("#pending form[action$='/approve/'] button").first.click()
    expect(page.locator(".messages")).to_be_visible()
    check(page, language)


def test_both_first_cochairs_join_set_up_and_open_a_draft_from_the_checklist_on_a_phone(live_server, new_page):
    admin = get_user_model().objects.create_superuser("site-admin", password="correct horse battery staple")
    dialogue, tokens = actions.do_create_shell(
        admin, title=TITLE, description={}, languages=["az", "hy", "ru"], sides=SIDES
    )
    links = [live_server.url + reverse("dialogues:join", args=[token]) for token in tokens]
    here = f"{live_server.url}/d/{dialogue.slug}/"
    aynur, gayane = new_page("az"), new_page("hy")
    for page in (aynur, gayane):
        page.set_viewport_size(PHONE)

    # Side A's co-chair joins first: the checklist says the other side's co-chair is awaited.
    join_as_cochair(aynur, links[0], "Aynur", "az", "Azərbaycanca")
    expect(aynur.locator("#setup-cochairs")).to_have_class(re.compile(r"\btodo\b"))
    expect(aynur.locator("#setup-open")).to_have_class(re.compile(r"\btodo\b"))
    join_as_cochair(gayane, links[1], "Gayane", "hy", "Հայերեն")
    expect(gayane.locator("#setup-cochairs")).to_have_class(re.compile(r"\bdone\b"))

    # Each side invites its participants from the checklist's link (the Manage page).
    for page, language in ((aynur, "az"), (gayane, "hy")):
        page.goto(here)
        follow(page, language, "participants")
        page.locator("#invite form:not(#invite-first-cochair) button[type=submit]").click()
        expect(page.locator("#new-invite-link")).to_have_value(re.compile("/join/"))
        check(page, language)

    # Side A proposes a moderator invitation and the policy; side B approves each from its checklist.
    aynur.goto(here)
    propose(aynur, "az", "moderators", lambda form: form.locator("select[name=role]").select_option("moderator"))
    approve(gayane, "hy", here, "moderators")
    aynur.goto(here)
    propose(aynur, "az", "policy", lambda form: form.locator("textarea[name='texts.az']").fill("Hörmətlə danışırıq."))
    approve(gayane, "hy", here, "policy")

    # Side B proposes to open the dialogue; side A approves: it is open.
    gayane.goto(here)
    propose(gayane, "hy", "open")
    approve(aynur, "az", here, "open")
    assert Dialogue.objects.get(pk=dialogue.pk).status == Dialogue.Status.OPEN
    assert Proposal.objects.filter(dialogue=dialogue, state=Proposal.State.APPROVED).count() == 3

    # After opening, the checklist stays on the dialogue page, folded.
    for page, language in ((aynur, "az"), (gayane, "hy")):
        page.goto(here)
        expect(page.locator("#setup details")).not_to_have_attribute("open", "")
        for step in ("cochairs", "settings", "participants", "policy", "open"):
            expect(page.locator(f"#setup-{step}")).to_have_class(re.compile(r"\bdone\b"))
        check(page, language)
