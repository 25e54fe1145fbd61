"""The site administrator's first hour on a 360 px phone: create a dialogue titled only in Armenian,
see its readable address, reload without a second dialogue, find it at home, open the draft, and
make a new link for a side's first co-chair."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from parley.dialogues import actions
from parley.dialogues.models import Dialogue, Invite
from tests.browser import audit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Երկխոսություն գետերի մասին"
PASSWORD = "correct horse battery staple"


def assert_no_overflow(page) -> None:
    """The page fits the phone (nothing scrolls sideways) and axe finds no serious or critical violation."""
    audit.assert_no_overflow(page)
    audit.assert_accessible(page)


def test_the_administrator_creates_finds_opens_and_reissues_on_a_phone(live_server, new_page):
    actions.do_create_account("siteadmin", PASSWORD, superuser=True)
    page = new_page()
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill("siteadmin")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(f"{live_server.url}/new/")
    assert_no_overflow(page)
    page.locator("input[name=title_hy]").fill(TITLE)
    page.locator("input[name=side0_name_az]").fill("Azərbaycan tərəfi")
    page.locator("input[name=side1_name_hy]").fill("Հայկական կողմ")
    page.locator("form.stacked button[type=submit]").click()

    expect(page.locator("h1")).to_have_text("Dialogue created")
    address = f"{live_server.url}/d/yerkkhosutyun-geteri-masin/"
    expect(page.locator("a.address")).to_have_text(address)
    expect(page.locator(".copy-field")).to_have_count(2)
    assert_no_overflow(page)

    page.reload()  # a GET: nothing is created again
    expect(page.locator("h1")).to_have_text("First co-chairs' links")
    assert Dialogue.objects.count() == 1 and Invite.objects.count() == 2
    assert_no_overflow(page)

    page.goto(f"{live_server.url}/")
    created = page.locator(".created-dialogues")
    expect(created.get_by_role("link", name=TITLE)).to_be_visible()
    expect(created).to_contain_text("Draft")
    assert_no_overflow(page)

    created.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("You created this dialogue as the site administrator")
    assert_no_overflow(page)

    page.get_by_role("link", name="First co-chairs' links").click()
    page.get_by_role("button", name="Make a new link").first.click()
    expect(page.locator(".messages")).to_contain_text("the earlier one no longer works")
    expect(page.locator(".copy-field")).to_have_count(1)
    assert_no_overflow(page)
    assert Invite.objects.filter(revoked_at__isnull=False).count() == 1
    assert Invite.objects.filter(revoked_at__isnull=True).count() == 2
