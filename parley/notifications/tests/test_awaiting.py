"""What awaits each persona's side, counted for their role: the badge, the page, the query budget."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parley.dialogues.models import Membership
from parley.moderation import actions as moderation
from parley.notifications.queries import awaiting, awaiting_counts, due_in
from parley.notifications.tests.scenes import amendment_by_side_b, busy
from parley.proposals import actions as governance

pytestmark = pytest.mark.django_db

# Persona -> what awaits their side for their role once `busy` has run: side A's proposal awaits side
# B's co-chair; each side's hold awaits the other side's moderators (and its co-chair, who moderates);
# Alice's appeal awaits both. Organizers and participants answer none of these.
EXPECTED = {
    "aynur": {"proposal": 0, "hold": 1, "appeal": 1, "total": 2},
    "gayane": {"proposal": 1, "hold": 1, "appeal": 1, "total": 3},
    "elvin": {"proposal": 0, "hold": 1, "appeal": 1, "total": 2},
    "lilit": {"proposal": 0, "hold": 1, "appeal": 1, "total": 2},
    "farid": {"total": 0},
    "narek": {"total": 0},
    "alice": {"total": 0},
    "aysel": {"total": 0},
    "bella": {"total": 0},
    "bashir": {"total": 0},
}


@pytest.mark.parametrize(("who", "expected"), EXPECTED.items())
def test_each_persona_counts_what_awaits_their_side_for_their_role(world, who, expected):
    busy(world)
    counts = awaiting_counts(world.members[who])
    assert {kind: counts[kind] for kind in expected} == expected
    assert len(awaiting(world.members[who])) == expected["total"]


@pytest.mark.parametrize(("who", "expected"), EXPECTED.items())
def test_the_navigation_shows_each_persona_their_count(world, who, expected):
    busy(world)
    page = world.client(who).get(reverse("dialogues:results", args=[world.dialogue.slug])).content.decode()
    if expected["total"]:
        assert f'<span class="badge">{expected["total"]} awaiting your side</span>' in page
    else:
        assert "awaiting your side</span>" not in page


def test_answering_an_item_takes_it_off_the_count(world):
    scene = busy(world)
    governance.do_approve_proposal(world.gayane, scene.proposal.pk)
    assert awaiting_counts(world.gayane)["proposal"] == 0


def test_an_expired_proposal_or_a_lapsed_hold_no_longer_awaits(world):
    busy(world)
    later = timezone.now() + timedelta(days=8)
    assert awaiting_counts(world.gayane, now=later)["total"] == 0


def test_an_amendment_awaits_the_other_sides_co_chair(world):
    amendment_by_side_b(world)
    assert awaiting_counts(world.aynur)["amendment"] == 1
    assert awaiting_counts(world.gayane)["amendment"] == 0
    assert awaiting_counts(world.farid)["amendment"] == 0  # organizers propose amendments, never answer


def test_the_counts_take_one_query_however_many_items_await(world, django_assert_num_queries):
    busy(world)
    for n in range(5):
        world.statement("bashir", f"Another statement to hold, {n}.")
    # As the badge loads the member: with their side (whose label decides automatic holds and appeals).
    gayane = Membership.objects.select_related("side", "dialogue").get(pk=world.gayane.pk)
    with django_assert_num_queries(1):
        first = awaiting_counts(gayane)["total"]
    for statement in world.dialogue.statements.filter(text__startswith="Another"):
        moderation.do_hold(world.elvin, statement.pk, "other", "Held for the test")
    with django_assert_num_queries(1):
        assert awaiting_counts(gayane)["total"] == first + 5


def test_the_badge_costs_at_most_two_queries(world, django_assert_max_num_queries):
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory
    from django.urls import resolve

    from parley.notifications.context_processors import badge

    busy(world)
    request = RequestFactory().get(reverse("dialogues:results", args=[world.dialogue.slug]))
    request.resolver_match = resolve(request.path)
    request.user = world.gayane.user
    request.session = SessionStore()
    with django_assert_max_num_queries(2):
        assert badge(request)["total"] == 3


def test_the_page_lists_each_item_with_its_deadline(world):
    scene = busy(world)
    page = world.client("gayane").get(reverse("notifications:awaiting", args=[world.dialogue.slug]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "A proposal awaits your side&#x27;s approval" in text
    assert "expires in 6 days" in text  # a proposal's 7 days, a moment after it was made
    assert "expires in 47 hours" in text  # a hold's 48 hours
    assert "An appeal awaits your side&#x27;s answer" in text
    assert f"Statement #{scene.hold_by_a.statement_id}" in text  # which statement, never its text
    assert "A statement side A holds." not in text


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_the_page_is_for_members_only(world, who):
    client = Client() if who == "anonymous" else world.client(who)
    response = client.get(reverse("notifications:awaiting", args=[world.dialogue.slug]))
    assert response.status_code in (403, 404)


def test_deadlines_read_in_days_then_hours():
    now = timezone.now()
    assert due_in(now + timedelta(days=2, hours=1), now) == "expires in 2 days"
    assert due_in(now + timedelta(hours=30), now) == "expires in 30 hours"
    assert due_in(now + timedelta(minutes=20), now) == "expires in less than an hour"
    assert due_in(None, now) == ""


def test_a_final_joint_statement_awaits_each_co_chair_until_they_sign(world):
    from parley.joint import actions as joint_actions
    from parley.joint.tests.joint_setup import finalised, register_keys, signature

    joint = finalised(world)
    private = register_keys(world)
    assert [awaiting_counts(world.members[who])["signature"] for who in ("aynur", "gayane", "elvin")] == [1, 1, 0]
    joint_actions.do_sign_joint(world.aynur, joint.pk, signature(private["aynur"], bytes(joint.canonical)))
    assert awaiting_counts(world.aynur)["signature"] == 0
    assert awaiting_counts(world.gayane)["signature"] == 1
