"""A participant's first hour on a 360 px phone, in Azerbaijani and in Armenian: join by invitation,
see who you are, vote with the buttons on the first screen, read the results."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from parley.dialogues import actions
from parley.dialogues.models import Membership, Vote
from parley.testing.personas import build_world
from tests.browser import audit

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 640}
STATEMENTS = [
    "Families of the missing have the right to know.",
    "Both sides should measure the river's water together.",
    "Schools should teach the other side's language.",
    "Border villages need a shared bus line.",
]
# language, the inviting co-chair, pseudonym, the language's name in the join form, side name,
# "Copied", "Log in".
PEOPLE = [
    ("az", "aynur", "Nigar", "Azərbaycanca", "A tərəfi", "Kopyalandı", "Daxil ol"),
    ("hy", "gayane", "Tatev", "Հայերեն", "Բ կողմ", "Պատճենված է", "Մուտք"),
]


def phone_page(browser, language: str):
    """A phone: 360 px wide, touch, no mouse to hover with."""
    context = browser.new_context(locale=language, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("pageerror", lambda error: pytest.fail(f"JavaScript error: {error}"))
    return context, page


def assert_no_overflow(page) -> None:
    """The page fits the phone (nothing scrolls sideways) and axe finds no serious or critical violation."""
    audit.assert_no_overflow(page)
    audit.assert_accessible(page)


def assert_menu_links_on_screen(page) -> None:
    """Each link the menu shows at once is wholly on the screen (none scrolled out of sight)."""
    edges = page.evaluate(
        "Array.from(document.querySelectorAll('.subnav-links a'))"
        ".map(e => [e.getBoundingClientRect().left, e.getBoundingClientRect().right])"
    )
    assert edges and all(left >= 0 and right <= PHONE["width"] for left, right in edges), edges


def menu_lines(page) -> int:
    """How many lines the dialogue menu (its title and its links) takes."""
    tops = page.evaluate(
        "Array.from(document.querySelectorAll('.subnav-title, .subnav-links > li'))"
        ".map(e => Math.round(e.getBoundingClientRect().top))"
    )
    lines: list[int] = []
    for top in sorted(tops):
        if not lines or top - lines[-1] > 8:
            lines.append(top)
    return len(lines)


@pytest.mark.parametrize(("language", "inviter", "handle", "language_name", "side", "copied", "log_in"), PEOPLE)
def test_a_participant_joins_votes_and_reads_results_on_a_phone(
    live_server, browser, language, inviter, handle, language_name, side, copied, log_in
):
    world = build_world(slug=f"first-hour-{language}")
    statements = [world.statement("aynur" if i % 2 else "gayane", text) for i, text in enumerate(STATEMENTS)]
    _invite, token = actions.do_create_invite(getattr(world, inviter), side_id=getattr(world, inviter).side_id)
    context, page = phone_page(browser, language)
    try:
        # Join by the invitation link, with a pseudonym, in one's language.
        page.goto(f"{live_server.url}/join/{token}/")
        page.locator("input[name=handle]").fill(handle)
        page.locator("form.stacked select[name=language]").select_option(label=language_name)
        page.locator("form.stacked button[type=submit]").click()
        expect(page.locator("#return-link")).to_have_value(re.compile(r"/r/"))
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_no_overflow(page)

        # The header says who you are, and never asks someone taking part to log in.
        identity = page.locator(".site-header .identity summary")
        expect(identity).to_contain_text(handle)
        expect(identity).to_contain_text(side)
        expect(page.locator(".site-header")).not_to_contain_text(log_in)
        expect(page.locator(".site-header a[href*='/accounts/login/']")).to_have_count(0)

        # Copying the return link says so, on the button and to a screen reader.
        copy = page.locator("button[data-copy='#return-link']")
        copy.click()
        expect(copy).to_have_text(copied)
        expect(page.locator("#copy-status")).to_have_text(copied)
        # Without the clipboard API (plain http, an old browser) the older copy command still copies.
        page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
        page.evaluate("document.getElementById('copy-status').textContent = ''")
        copy.click()
        expect(page.locator("#copy-status")).to_have_text(copied)

        # Vote: the menu takes two lines at most, and all three buttons are on the first screen.
        page.locator(".subnav-links a[href$='/vote/']").click()
        expect(page.locator(".statement-text")).to_be_visible()
        assert menu_lines(page) <= 2
        assert_menu_links_on_screen(page)
        expect(page.locator("#vote-card .key-hint").first).to_be_hidden()  # no keyboard on a phone
        assert_no_overflow(page)
        for value in ("agree", "disagree", "pass"):
            shown = page.locator(".statement-text").inner_text()
            for button in page.locator(".vote-buttons button").all():
                box = button.bounding_box()
                assert box is not None and box["y"] + box["height"] <= PHONE["height"], (value, box)
            page.locator(f".vote-buttons button[value={value}]").click()
            expect(page.locator(".statement-text")).not_to_have_text(shown)
        member = Membership.objects.get(handle=handle)
        assert Vote.objects.filter(membership=member).count() == 3
        # The last statement; then the end of voting offers its next steps, in upright type.
        page.locator(".vote-buttons button[value=agree]").click()
        expect(page.locator("#vote-card .empty")).to_be_visible()
        for link in page.locator("#vote-card .empty .button").all():
            assert link.evaluate("e => getComputedStyle(e).fontStyle") == "normal"
        assert Vote.objects.filter(membership=member).count() == len(STATEMENTS)

        # Results: every statement, with each side's counts; the rest of the menu is under "More".
        page.locator(".subnav-links a[href$='/results/']").click()
        expect(page.locator(f"#statement-{statements[0].pk}")).to_be_attached()
        assert menu_lines(page) <= 2
        assert_no_overflow(page)
        more = page.locator(".subnav-more summary")
        more.click()
        expect(page.locator(".subnav-more a[href$='/write/']")).to_be_visible()
        assert_no_overflow(page)
        page.keyboard.press("Escape")
        expect(page.locator(".subnav-more a[href$='/write/']")).to_be_hidden()
    finally:
        context.close()
