"""A reader's first hour, in Armenian on a 360 px phone: the public record reads as sentences (filtered by
kind, a jump to another page, one entry's JSON opened) and the moderation log says what was moderated,
with no English or raw code visible and nothing scrolling sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from parley.dialogues import actions
from parley.dialogues.models import Membership
from parley.ledger.models import RecordEntry
from parley.moderation import actions as moderation
from parley.publicrecord import sentences
from parley.testing.personas import build_world
from tests.browser import audit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
RAW = sorted(sentences.SENTENCES) + [role.value for role in Membership.Role]
HELD = "Գետերի մասին չէ, այլ անձնական վեճ է։"
# Latin words that may stand on an Armenian page: the product's name and a few technical names.
ALLOWED_LATIN = {"Parley", "JSON", "UTC", "Atom", "zip"}  # names of formats, as JSON

# The text a reader sees: visible text nodes, leaving out what is marked as written in another language.
VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || !element.checkVisibility() || !node.textContent.trim()) continue;
    const lang = element.closest('[lang]');
    if (lang && !lang.lang.startsWith('hy')) continue;
    out.push(node.textContent.trim());
  }
  return out.join('\\n');
}"""


def reader_world():
    world = build_world(slug="reader")
    for n, name in enumerate(("alice", "bella", "aysel", "bashir")):
        statement = world.statement(name, f"Statement {n} about shared rivers.")
        for voter in ("alice", "aysel", "bella", "bashir"):
            actions.do_cast_vote(world.members[voter], statement.pk, "agree")
    held = world.statement("bella", HELD, "hy")
    moderation.do_hold(world.lilit, held.pk, "off_topic", "Երկխոսության թեմայից դուրս է։")
    return world, held


def assert_reads_in_armenian(page) -> None:
    text = page.evaluate(VISIBLE_TEXT)
    raw = [code for code in RAW if re.search(rf"(?<![\w.]){re.escape(code)}(?![\w.])", text)]
    assert raw == [], raw
    latin = set(re.findall(r"\b[A-Za-z]{3,}\b", text)) - ALLOWED_LATIN
    assert latin == set(), latin
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    audit.assert_no_overflow(page)
    audit.assert_accessible(page)


def test_a_reader_reads_the_record_and_the_moderation_log_in_armenian_on_a_phone(live_server, new_page):
    world, held = reader_world()
    total = RecordEntry.objects.filter(dialogue=world.dialogue).count()
    assert total > 50  # more than one page
    page = new_page("hy")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/d/{world.dialogue.slug}/record/")
    newest = page.locator(".record-entry").first
    expect(newest).to_have_attribute("id", f"entry-{total - 1}")  # newest first
    expect(newest.locator(".record-sentence")).to_contain_text("Մոդերատոր (Բ կողմ)")
    assert_reads_in_armenian(page)

    # Only statements, by a kind named in words.
    page.locator(".record-filter-box summary").click()
    page.get_by_label("Դրույթներ").check()
    page.locator("#record-filter button[type=submit]").click()
    expect(page.locator(".record-entry")).to_have_count(5)
    expect(page.locator(".record-quote[lang=hy]")).to_have_text(HELD)
    assert_reads_in_armenian(page)

    # Every entry again, and a jump to the last page by its number.
    page.goto(f"{live_server.url}/d/{world.dialogue.slug}/record/")
    pages = -(-total // 50)
    page.locator("#record-page").fill(str(pages))
    page.locator("#record-page").press("Enter")
    expect(page.locator('.page-links [aria-current="page"]')).to_have_text(str(pages))
    expect(page.locator(".record-entry").last).to_have_attribute("id", "entry-0")
    assert_reads_in_armenian(page)

    # One entry's canonical JSON, one click away.
    first = page.locator(".record-entry").first
    first.locator("summary").click()
    expect(first.locator("pre.canonical")).to_be_visible()
    expect(first.locator("pre.canonical")).to_contain_text('"seq":')
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    audit.assert_no_overflow(page)
    audit.assert_accessible(page)

    # The moderation log names the held statement by its text, in its language.
    page.goto(f"{live_server.url}/d/{world.dialogue.slug}/moderation/")
    row = page.locator("#log tbody tr").first
    expect(row.locator('q[lang="hy"]')).to_have_text(HELD)
    expect(row).to_contain_text(f"Դրույթ {held.pk}")
    assert_reads_in_armenian(page)
