"""The meeting projector in Chromium: both sides' colours, a join QR code, live votes, the co-chair's keys."""

from __future__ import annotations

import re
import struct
import zlib

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


def png_pixels(data: bytes) -> set[tuple[int, int, int]]:
    """The colours of an 8-bit RGB or RGBA, non-interlaced PNG (Chromium's screenshots), with no imaging library."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks: dict[bytes, bytes] = {}
    at = 8
    while at < len(data):
        length = struct.unpack(">I", data[at : at + 4])[0]
        kind = data[at + 4 : at + 8]
        chunks[kind] = chunks.get(kind, b"") + data[at + 8 : at + 8 + length]
        at += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert depth == 8 and colour_type in (2, 6)
    step = 3 if colour_type == 2 else 4
    raw, stride, rows = zlib.decompress(chunks[b"IDAT"]), width * step, []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - step] if x >= step else 0
            b, c = previous[x], previous[x - step] if x >= step else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        previous = line
    return {(row[x], row[x + 1], row[x + 2]) for row in rows for x in range(0, stride, step)}


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
    page.locator("#round-seconds").fill("600")
    page.evaluate("document.activeElement.blur()")  # keys act only outside form fields
    page.keyboard.press("r")  # R: a round on the spotlight statement
    expect(page.locator(".messages")).to_contain_text("The round has started")

    page.goto(f"{live_server.url}/d/{SLUG}/meetings/{meeting.pk}/projector/")
    qr = page.locator(f".side-{world.side_a.pk} svg.qr")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] > 100
    expect(page.locator(f".side-{world.side_b.pk} .join-missing")).to_be_visible()
    for side in (world.side_a, world.side_b):
        border = page.locator(f".projector-side.side-{side.pk}").evaluate("e => getComputedStyle(e).borderTopColor")
        assert border == rgb(side.colour)
    expect(page.locator("#spotlight-heading")).to_contain_text(f"statement no. {statement.pk}")
    # The countdown ticks in this browser between polls, counted from the server's seconds left.
    expect(page.locator("#live .round")).to_have_attribute("data-seen-at", re.compile(r"^\d+$"))
    expect(page.locator("#live .round")).to_contain_text(re.compile(r"(9:[0-5]\d|10:00) left"))
    side_b_votes = page.locator(f"#live .side-result.side-{world.side_b.pk} .counts")
    expect(side_b_votes).to_contain_text("0 disagree")

    dialogue_actions.do_cast_vote(world.bashir, statement.pk, -1)
    expect(side_b_votes).to_contain_text("1 disagree", timeout=6_000)  # htmx polls every 2 s
    shot = tmp_path / "projector.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    # Both sides' colours, and the QR code's black and white, are in what the screen shows.
    for side in (world.side_a, world.side_b):
        swatch = png_pixels(page.locator(f".side-{side.pk} .side-swatch").screenshot())
        assert tuple(int(side.colour[i : i + 2], 16) for i in (1, 3, 5)) in swatch
    assert {(0, 0, 0), (255, 255, 255)} <= png_pixels(qr.screenshot())
