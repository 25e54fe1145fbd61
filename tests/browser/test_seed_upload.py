"""An organizer adds seed statements from a CSV file with the keyboard alone: check the file, read the
preview, add them all."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from parley.dialogues.models import Statement
from parley.testing.personas import build_world, client_for
from tests.browser import audit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "\ufefflanguage,text,text_ru\n"
    "en,Rivers should be monitored jointly.,Реки должны контролироваться совместно.\n"
    "az,Köhnə xəritələr paylaşılmalıdır.,Старые карты должны быть доступны всем.\n"
).encode()


def tab_to(page, selector: str, limit: int = 15) -> None:
    """Press Tab until SELECTOR has the focus; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} is not reachable with the Tab key")


def test_an_organizer_previews_and_confirms_a_file_with_the_keyboard(live_server, new_page, tmp_path):
    world = build_world(slug="seed-talks")
    page = new_page("en")
    session = client_for(world.farid).cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page.goto(f"{live_server.url}/d/seed-talks/manage/seeds/")
    file = tmp_path / "seeds.csv"
    file.write_bytes(CSV)
    page.locator("input[type=file]").set_input_files(str(file))
    page.locator("input[type=file]").focus()
    tab_to(page, "button[value=preview]")
    page.keyboard.press("Enter")
    preview = page.locator("#preview")
    expect(preview).to_contain_text("2 statements are ready to add, with 2 translations.")
    expect(preview.locator("tbody tr")).to_have_count(2)
    expect(preview.locator("td[lang=az]")).to_have_text("Köhnə xəritələr paylaşılmalıdır.")
    assert not Statement.objects.filter(dialogue=world.dialogue).exists()
    audit.assert_accessible(page, "the seed preview")
    audit.assert_no_overflow(page, "the seed preview")
    tab_to(page, "button[value=confirm]")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("2 seed statements added.")
    assert Statement.objects.filter(dialogue=world.dialogue, is_seed=True, author=world.farid).count() == 2
