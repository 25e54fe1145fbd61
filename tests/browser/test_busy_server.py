"""A vote the server was too busy to take (503 from parley/server.py): the vote card says so in the
participant's language and keeps the statement and its buttons, so the vote can be cast again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from parley.dialogues.models import Membership, Vote
from parley.server import busy_response
from parley.testing.personas import build_world
from tests.browser.test_participant_path import invite_link, join

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_vote_refused_as_busy_shows_the_message_on_the_card_and_can_be_cast_again(live_server, new_page):
    world = build_world(slug="busy-talks")
    seed = world.statement("gayane", "Families of the missing have the right to know.")
    page = new_page("az")
    join(page, invite_link(live_server, world.aynur), "Nigar", "Azərbaycanca")
    page.goto(f"{live_server.url}/d/busy-talks/vote/")
    expect(page.locator(".statement-text")).to_have_text(seed.text)

    head, message = busy_response("az", True).split(b"\r\n\r\n", 1)
    headers = dict(line.split(": ", 1) for line in head.decode("latin-1").split("\r\n")[1:])

    def busy(route):
        if route.request.method == "POST":
            route.fulfill(status=503, headers=headers, body=message)
        else:
            route.continue_()

    page.route("**/*", busy)
    page.keyboard.press("d")
    expect(page.locator("#vote-card [data-busy][role=alert]")).to_have_text(message.decode())
    expect(page.locator(".statement-text")).to_have_text(seed.text)
    nigar = Membership.objects.get(handle="Nigar")
    assert not Vote.objects.filter(membership=nigar).exists()

    page.unroute("**/*")
    expect(page.locator("#vote-card button.disagree")).to_be_enabled()
    page.keyboard.press("d")
    expect(page.locator("#vote-card .empty")).to_be_visible()
    assert Vote.objects.get(membership=nigar, statement=seed).value == -1
