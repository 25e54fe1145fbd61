"""The meeting projector in Chromium: both sides' colours, a join QR code, live votes, the co-chair's keys."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from parley.dialogues import actions as dialogue_actions
from parley.meetings import actions
from parley.meetings.models import Meeting
from parley.testing.personas import build_world
from tests.browser.test_cosigning import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "room-talks"


def rgb(colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))


def test_the_projector_shows_both_colours_a_join_qr_code_and_a_vote_cast_a_moment_later(
    live_server, new_page, tmp_path
):
    world = build_world(slug=SLUG)
    meeting = actions.do_create_meeting(world.farid, {"place": "Tbilisi", "starts_at": "2026-03-01 10:00"})
    statement = world.statement("alice", "Both sides should share river data.")
    actions.do_add_agenda_item(world.farid, meeting.pk, {"kind": "statement", "statement": statement.pk})
    _invite, token = dialogue_actions.do_create_invite(world.farid, side_id=world.side_a.pk, role="participant")
    actions.do_set_join_link(world.farid, meeting.pk, f"{live_server.url}/join/{token}/")

    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, f"aynur-{SLUG}")
    page.goto(f"{live_server.url}/d/{SLUG}/meetings/{meeting.pk}/controls/")
    page.keyboard.press("n")  # N: the next agenda item, the statement, which takes the spotlight
    expect(page.locator(".messages")).to_contain_text("moved to the agenda item")
    assert Meeting.objects.get(pk=meeting.pk).spotlight_id == statement.pk

    page.goto(f"{live_server.url}/d/{SLUG}/meetings/{meeting.pk}/projector/")
    qr = page.locator(f".side-{world.side_a.pk} svg.qr")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] > 100
    expect(page.locator(f".side-{world.side_b.pk} .join-missing")).to_be_visible()
    for side in (world.side_a, world.side_b):
        border = page.locator(f".projector-side.side-{side.pk}").evaluate("e => getComputedStyle(e).borderTopColor")
        assert border == rgb(side.colour)
    expect(page.locator("#spotlight-heading")).to_contain_text(f"statement no. {statement.pk}")
    side_b_votes = page.locator(f"#live .side-result.side-{world.side_b.pk} .counts")
    expect(side_b_votes).to_contain_text("0 disagree")

    dialogue_actions.do_cast_vote(world.bashir, statement.pk, -1)
    expect(side_b_votes).to_contain_text("1 disagree", timeout=6_000)  # htmx polls every 2 s
    shot = tmp_path / "projector.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
