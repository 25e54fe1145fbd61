"""A participant's opt-in "new statements to vote on": off by default, counted on their own page and
beside their name, with a private Atom feed (its address shown once, its token kept as a hash)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from parley.dialogues import actions as dialogue_actions
from parley.notifications.models import NewStatementsFeed

pytestmark = pytest.mark.django_db


def turn_on(world, who="alice") -> str:
    response = world.client(who).post(
        reverse("notifications:new_statements", args=[world.dialogue.slug]), {"what": "on"}
    )
    assert response.status_code == 200
    found = re.search(r'value="(http[^"]+\.atom)"', response.content.decode())
    assert found is not None
    return found.group(1)


def me_page(world, who="alice") -> str:
    return world.client(who).get(reverse("dialogues:me", args=[world.dialogue.slug])).content.decode()


def test_it_is_off_by_default_and_counts_nothing(world):
    world.statement("bella", "A new statement from side B.")
    page = me_page(world)
    assert "Count new statements for me" in page
    assert "new statements since your last visit" not in page and 'class="badge"' not in page


def test_once_on_the_page_and_the_navigation_count_new_statements_to_vote_on(world):
    turn_on(world)
    first = world.statement("bella", "A new statement from side B.")
    world.statement("bashir", "Another new statement.")
    world.statement("alice", "Alice's own statement is not new to her.")
    page = me_page(world)
    assert "2 new statements since your last visit." in page
    assert '<span class="badge">2 new statements</span>' in page
    dialogue_actions.do_cast_vote(world.alice, first.pk, "agree")
    assert "1 new statement since your last visit." in me_page(world)
    world.client("alice").post(reverse("notifications:new_statements", args=[world.dialogue.slug]), {"what": "seen"})
    assert "0 new statements since your last visit." in me_page(world)


def test_the_private_feed_lists_statements_without_their_authors(world):
    url = turn_on(world)
    world.statement("bella", "A new statement from side B.")
    feed = Client().get(url)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    text = feed.content.decode()
    assert "A new statement from side B." in text and "Bella" not in text
    token = url.rsplit("/", 1)[1].removesuffix(".atom")
    assert not NewStatementsFeed.objects.filter(token_hash=token).exists()  # only its hash is kept


def test_a_new_address_or_turning_it_off_stops_the_old_feed(world):
    old = turn_on(world)
    new = turn_on(world)
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    world.client("alice").post(reverse("notifications:new_statements", args=[world.dialogue.slug]), {"what": "off"})
    assert Client().get(new).status_code == 404
    assert Client().get(reverse("notifications:feed", args=[world.dialogue.slug, "guessed"])).status_code == 404


def test_strangers_cannot_turn_it_on_for_a_dialogue(world):
    response = Client().post(reverse("notifications:new_statements", args=[world.dialogue.slug]), {"what": "on"})
    assert response.status_code == 403
    assert not NewStatementsFeed.objects.exists()


def test_the_feeds_token_is_hidden_in_logs():
    import logging

    from parley.logfilters import HideTokens

    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "GET %s failed", ("/d/t/new-statements/SECRET.atom",), None
    )
    HideTokens().filter(record)
    assert "SECRET" not in record.getMessage() and "/new-statements/[hidden]" in record.getMessage()
