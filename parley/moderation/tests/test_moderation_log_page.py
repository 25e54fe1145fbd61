"""The public moderation log says what was moderated: the statement's text (in its own language) while the
record shows it, the public reason once both sides withdrew it, and a link to the statement while it is visible."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from parley.dialogues import actions as dialogue_actions
from parley.moderation import actions as moderation
from parley.proposals import actions

pytestmark = pytest.mark.django_db


def log_rows(client, world, language: str = "en") -> list[str]:
    client.cookies["django_language"] = language
    page = client.get(reverse("moderation:log", args=[world.dialogue.slug])).content.decode()
    return re.findall(r'<tr id="log-\d+">.*?</tr>', page, flags=re.S)


def test_the_log_shows_a_held_statements_text_in_its_language(world, client):
    held = dialogue_actions.do_submit_statement(world.bella, "Գետերը մերն են։", "hy")
    moderation.do_hold(world.elvin, held.pk, "off_topic", "Not about the rivers.")
    [row] = log_rows(client, world, "ru")
    assert f"Высказывание {held.pk}" in row
    assert '<q lang="hy">Գետերը մերն են։</q>' in row
    assert f">#{held.pk}<" not in row
    # On hold, it is not in the dialogue: no link to it; the time links to its entry in the record.
    assert "results/#statement-" not in row
    assert "record/?seq=" in row


def test_the_log_links_a_statement_that_is_visible_again(world, client):
    held = world.statement("bella", "Rivers are ours.")
    hold = moderation.do_hold(world.elvin, held.pk, "off_topic", "Not about the rivers.")
    moderation.do_decide_hold(world.lilit, hold.pk, "return")
    rows = log_rows(client, world)
    assert len(rows) == 2
    assert all(f"results/#statement-{held.pk}" in row and "Rivers are ours." in row for row in rows)


def test_the_log_gives_the_public_reason_once_the_text_is_withdrawn(world, client):
    text = "Call Bashir at +994 50 123 45 67."
    statement = dialogue_actions.do_submit_statement(world.bella, text, "en")
    moderation.do_hold(world.elvin, statement.pk, "personal_data", "A phone number of a private person.")
    made = actions.do_propose(
        world.elvin,
        "remove_statement",
        {"statement": statement.pk, "rule": "personal_data", "reason": "A phone number of a private person."},
    )
    actions.do_approve_proposal(world.gayane, made.proposal.pk)
    rows = log_rows(client, world)
    assert rows and all("removed: Personal data" in row and "+994" not in row for row in rows)
    assert all("silinib: " in row for row in log_rows(client, world, "az"))
