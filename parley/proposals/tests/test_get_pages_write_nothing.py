"""Reading a governance page writes nothing: what fell due with time (an expired proposal, a hold past
its 48 hours) is shown as it stands now, and recorded by the next write or by `parley worker`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parley.dialogues import actions as dialogue_actions
from parley.dialogues import queries as dialogue_queries
from parley.dialogues.models import Statement
from parley.ledger.models import RecordEntry
from parley.moderation import actions as moderation
from parley.moderation.models import Hold
from parley.proposals import actions
from parley.proposals.models import Proposal

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT", "BEGIN", "RELEASE")


@pytest.fixture
def due(world):
    """A proposal past its time and a hold past its 48 hours, neither settled yet."""
    made = actions.do_propose(world.aynur, "status", {"status": "closed"})
    Proposal.objects.filter(pk=made.proposal.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    rude = world.statement("bella", "The other side are all liars and thieves.")
    hold = moderation.do_hold(world.elvin, rude.pk, "insult", "Insults the other side")
    Hold.objects.filter(pk=hold.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    return made.proposal, hold, rude


def governance_pages(world, rude):
    slug = world.dialogue.slug
    return [
        (None, reverse("proposals:proposals", args=[slug])),
        ("alice", reverse("proposals:proposals", args=[slug])),
        ("gayane", reverse("proposals:proposals", args=[slug])),
        (None, reverse("api:api_proposals", args=[slug])),
        (None, reverse("moderation:log", args=[slug])),
        ("lilit", reverse("moderation:log", args=[slug])),
        (None, reverse("api:api_moderation", args=[slug])),
        ("elvin", reverse("moderation:queue", args=[slug])),
        ("lilit", reverse("moderation:queue", args=[slug])),
        ("bella", reverse("moderation:appeal", args=[slug, rude.pk])),
        ("alice", reverse("moderation:flag", args=[slug]) + f"?statement={rude.pk}"),
        (None, reverse("proposals:glossary", args=[slug])),
        (None, reverse("joint:list", args=[slug])),
    ]


def test_no_governance_page_writes_or_opens_a_write_transaction_on_get(world, due):
    proposal, hold, rude = due
    entries = RecordEntry.objects.filter(dialogue=world.dialogue).count()
    for who, url in governance_pages(world, rude):
        client = world.client(who) if who else Client()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code in (200, 400), (url, response.status_code)
        sql = [q["sql"].lstrip().upper() for q in captured.captured_queries]
        assert not [s for s in sql if s.startswith(WRITES) or "FOR UPDATE" in s], (who, url)
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.PENDING
    assert Hold.objects.get(pk=hold.pk).state == Hold.State.HELD
    assert RecordEntry.objects.filter(dialogue=world.dialogue).count() == entries


def test_the_pages_show_an_expired_proposal_and_a_lapsed_hold_as_they_stand_now(world, due):
    proposal, hold, rude = due
    slug = world.dialogue.slug
    shown = world.client("gayane").get(reverse("api:api_proposals", args=[slug])).json()
    assert [p["id"] for p in shown["pending"]] == []
    assert {p["id"]: p["state"] for p in shown["decided"]}[proposal.pk] == "expired"
    queue = world.client("lilit").get(reverse("moderation:queue", args=[slug])).context
    assert hold.pk not in [row["id"] for row in queue["awaiting_us"] + queue["awaiting_them"] + queue["kept"]]
    appeal = world.client("bella").get(reverse("moderation:appeal", args=[slug, rude.pk]))
    assert appeal.status_code == 400 and appeal.context["case"] is None


def test_the_next_write_records_the_expiry_and_the_worker_the_return(world, due):
    proposal, hold, rude = due
    actions.do_propose(world.gayane, "status", {"status": "closed"})
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.EXPIRED
    assert RecordEntry.objects.filter(dialogue=world.dialogue, type="proposal.expired").count() == 1
    assert actions.settle_everything() == 1
    assert Hold.objects.get(pk=hold.pk).state == Hold.State.RETURNED
    assert Statement.objects.get(pk=rude.pk).status == Statement.Status.VISIBLE


def test_the_queue_offers_a_statement_whose_hold_lapsed_and_the_vote_on_it_returns_it_first(world, due):
    _proposal, hold, rude = due
    offered = set()
    for _ in range(10):
        statement, _remaining, _total = dialogue_queries.voting_queue(world.alice)
        if statement is None:
            break
        offered.add(statement.pk)
        dialogue_actions.do_cast_vote(world.alice, statement.pk, "pass")
    assert rude.pk in offered
    assert Hold.objects.get(pk=hold.pk).state == Hold.State.RETURNED
    types = list(RecordEntry.objects.filter(dialogue=world.dialogue).order_by("seq").values_list("type", "data"))
    returned = next(i for i, (t, data) in enumerate(types) if t == "statement.moderated" and b'"48h"' in bytes(data))
    voted = next(
        i
        for i, (t, data) in enumerate(types)
        if t == "vote.cast"
        and f'"statement":{rude.pk}'.encode() in bytes(data)
        and b'"member":' + str(world.alice.pk).encode() in bytes(data)
    )
    assert returned < voted


def test_a_statement_held_within_its_48_hours_is_not_offered(world):
    rude = world.statement("bella", "The other side are all liars and thieves.")
    moderation.do_hold(world.elvin, rude.pk, "insult", "Insults the other side")
    statement, remaining, _total = dialogue_queries.voting_queue(world.alice)
    offered = set()
    while statement is not None:
        offered.add(statement.pk)
        dialogue_actions.do_cast_vote(world.alice, statement.pk, "pass")
        statement, remaining, _total = dialogue_queries.voting_queue(world.alice)
    assert rude.pk not in offered and remaining == 0
