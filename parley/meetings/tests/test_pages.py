"""The meeting pages: who sees what, the projector and its live part, the controls, the minutes."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from parley.dialogues import actions as dialogue_actions
from parley.joint import actions as joint_actions
from parley.joint.models import JointStatement
from parley.meetings import actions
from parley.meetings.tests.meeting_setup import entries, schedule, with_statements

pytestmark = pytest.mark.django_db


def url(world, meeting, tail: str = "") -> str:
    return f"/d/{world.dialogue.slug}/meetings/{meeting.pk}/{tail}"


def test_the_projectors_live_part_shows_a_vote_cast_a_moment_ago(world):
    meeting, made = with_statements(world)
    actions.do_advance(world.aynur, meeting.pk)
    client = world.client("gayane")
    before = client.get(url(world, meeting, "projector/live/")).content.decode()
    assert f"In the spotlight: statement no. {made[0].pk}" in before
    assert "1 agree" in before and "0 agree" in before  # alice's own agree on side A; nothing yet from side B
    dialogue_actions.do_cast_vote(world.bashir, made[0].pk, -1)
    after = client.get(url(world, meeting, "projector/live/")).content.decode()
    assert "1 disagree" in after
    assert 'hx-trigger="every 2s"' in after


def test_the_projector_shows_both_sides_colours_and_a_qr_code_for_a_side_with_a_join_link(world):
    meeting, _made = with_statements(world)
    _invite, token = dialogue_actions.do_create_invite(world.farid, side_id=world.side_a.pk, role="participant")
    actions.do_set_join_link(world.farid, meeting.pk, f"http://testserver/join/{token}/")
    page = world.client("lilit").get(url(world, meeting, "projector/")).content.decode()
    assert page.count('class="qr"') == 1
    assert world.side_a.colour in page and world.side_b.colour in page
    assert "No join link for this side" in page  # side B has none
    assert token not in str(entries(world, "meeting.created")) + str(entries(world, "meeting.agenda_changed"))


def test_a_join_link_must_be_a_usable_participant_invitation_of_the_members_own_side(world):
    meeting = schedule(world)
    _invite, token = dialogue_actions.do_create_invite(world.narek, side_id=world.side_b.pk, role="participant")
    with pytest.raises(Exception, match="your own side"):
        actions.do_set_join_link(world.farid, meeting.pk, f"http://testserver/join/{token}/")
    with pytest.raises(Exception, match="invitation link of this dialogue"):
        actions.do_set_join_link(world.farid, meeting.pk, "https://example.org/somewhere/")
    meeting.refresh_from_db()
    assert meeting.join_links == {}


@pytest.mark.parametrize("who", ["alice", "bella", None])
def test_participants_and_the_public_cannot_open_the_projector_or_the_controls(world, who):
    meeting, _made = with_statements(world)
    client = world.client(who) if who else Client()
    for tail in ("projector/", "projector/live/", "controls/"):
        assert client.get(url(world, meeting, tail)).status_code == 403


def test_the_public_sees_attendance_counts_and_members_see_the_pseudonyms(world, client):
    meeting = schedule(world)
    actions.do_mark_attendance(world.farid, meeting.pk, [world.alice.pk, world.aysel.pk])
    public = client.get(url(world, meeting)).content.decode()
    assert "Side A: 2 present" in public and "Aysel" not in public
    member = world.client("bella").get(url(world, meeting)).content.decode()
    assert "Alice, Aysel" in member
    api = client.get(f"/api/v1/dialogues/{world.dialogue.slug}/meetings/{meeting.pk}/").json()
    assert [a["present"] for a in api["attendance"]] == [2, 0]
    assert "handles" not in api["attendance"][0]


def test_the_co_chairs_controls_advance_with_the_n_key_button_and_a_participant_cannot_post(world):
    meeting, made = with_statements(world)
    page = world.client("gayane").get(url(world, meeting, "controls/")).content.decode()
    assert 'data-vote-key="n"' in page and 'data-vote-key="r"' in page
    response = world.client("gayane").post(url(world, meeting, "advance/"), {"step": "next", "from": "controls"})
    assert response.status_code == 302 and response["Location"].endswith("/controls/")
    refused = world.client("alice").post(url(world, meeting, "advance/"), {"step": "next"})
    assert refused.status_code == 403
    meeting.refresh_from_db()
    assert meeting.current_item is not None and meeting.current_item.position == 1
    assert meeting.spotlight_id == made[0].pk


def test_a_bad_form_on_the_meeting_page_answers_400_with_the_reason(world):
    meeting = schedule(world)
    response = world.client("farid").post(url(world, meeting, "add-item/"), {"kind": "statement", "statement": "x"})
    assert response.status_code == 400
    assert "Give the statement&#x27;s number." in response.content.decode()
    topic = {"kind": "topic", "topic.az": "Su ehtiyatları"}
    assert world.client("farid").post(url(world, meeting, "add-item/"), topic).status_code == 302
    assert meeting.items.get().topic == {"az": "Su ehtiyatları"}


def test_the_minutes_are_a_joint_statement_linked_from_the_meeting_and_amended_like_one(world):
    meeting = schedule(world)
    text = "We met in Tbilisi.\n\nBoth sides agreed to share river data."
    response = world.client("aynur").post(
        url(world, meeting, "minutes/"), {"language": "en", "title": "Minutes of the first round", "text": text}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    minutes = JointStatement.objects.get(meeting=meeting)
    assert [c["texts"] for c in minutes.versions.get(number=1).clauses] == [
        {"en": "We met in Tbilisi."},
        {"en": "Both sides agreed to share river data."},
    ]
    [drafted] = entries(world, "joint.drafted")
    assert drafted["payload"]["meeting"] == meeting.pk
    page = world.client("bella").get(url(world, meeting)).content.decode()
    assert f"/d/{world.dialogue.slug}/joint/{minutes.pk}/" in page
    amendment = joint_actions.do_propose_amendment(
        world.gayane,
        minutes.pk,
        {"action": "edit", "clause": "1", "language": "hy", "text": "Մենք հանդիպեցինք Թբիլիսիում։"},
    )
    version = joint_actions.do_accept_amendment(world.aynur, minutes.pk, amendment.pk)
    assert (version.clause("1") or {})["texts"]["hy"] == "Մենք հանդիպեցինք Թբիլիսիում։"
    again = world.client("gayane").post(url(world, meeting, "minutes/"), {"language": "en", "title": "x", "text": "y"})
    assert again.status_code == 400


def test_the_meeting_list_draws_the_trend_as_an_svg_with_a_table_beside_it(world, client):
    schedule(world)
    page = client.get(f"/d/{world.dialogue.slug}/meetings/").content.decode()
    assert '<svg class="trend-chart"' in page and "<table>" in page and '<title id="trend-title">' in page


def test_a_participant_votes_on_the_spotlight_statement_from_the_meeting_page_and_the_projector_shows_it(world):
    meeting, made = with_statements(world)
    client = world.client("bashir")
    assert 'id="vote-now"' not in client.get(url(world, meeting)).content.decode()
    actions.do_set_spotlight(world.aynur, meeting.pk, made[0].pk)
    actions.do_start_round(world.aynur, meeting.pk, 60)
    page = client.get(url(world, meeting)).content.decode()
    assert 'id="vote-now"' in page and re.search(r"Round: vote now, (0:59|1:00) left", page)
    assert client.post(url(world, meeting, "vote/"), {"value": "disagree"}).status_code == 302
    live = world.client("lilit").get(url(world, meeting, "projector/live/")).content.decode()
    assert "1 disagree" in live
    observer_like = world.client("gayane").post(url(world, meeting, "vote/"), {"value": "sideways"})
    assert observer_like.status_code == 400


def test_a_statement_put_on_hold_leaves_the_meetings_pages_and_the_projector(world, client):
    from parley.moderation import actions as moderation

    meeting, made = with_statements(world)
    actions.do_advance(world.gayane, meeting.pk)
    moderation.do_hold(world.elvin, made[0].pk, "insult", "Insults the other side.")
    for page in (
        client.get(url(world, meeting)).content.decode(),
        world.client("lilit").get(url(world, meeting, "projector/live/")).content.decode(),
    ):
        assert "Rivers need clean water." not in page
    assert "not shown: on hold or removed" in client.get(url(world, meeting)).content.decode()
