"""The moderation pages: who sees the queue, what the public page shows, flagging and appealing by form."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse

from parley.dialogues.models import Statement
from parley.ledger.models import RecordEntry
from parley.moderation import actions as moderation
from parley.moderation.models import Appeal, Flag, Hold
from parley.testing.personas import propose_and_approve

pytestmark = pytest.mark.django_db


def visitor(world, who):
    return Client() if who == "anonymous" else world.client(who)


def url(world, name, *args):
    return reverse(f"moderation:{name}", args=[world.dialogue.slug, *args])


@pytest.fixture
def rude(world):
    return world.statement("bella", "The other side are all liars and thieves.")


# --- the queue ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "outsider", "alice", "bashir", "farid", "narek"])
def test_only_moderators_co_chairs_and_deputies_see_the_queue(world, who):
    assert visitor(world, who).get(url(world, "queue")).status_code == 403


@pytest.mark.parametrize("who", ["elvin", "lilit", "aynur", "gayane"])
def test_moderators_of_both_sides_see_the_flags_without_the_flagger(world, rude, who):
    moderation.do_flag(world.alice, rude.pk, "insult", "Calls us liars")
    response = visitor(world, who).get(url(world, "queue"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "liars and thieves" in page and "Calls us liars" in page
    assert "Alice" not in page


def test_a_hold_shows_in_the_other_sides_queue_and_as_awaiting_in_its_own(world, rude):
    hold = moderation.do_hold(world.elvin, rude.pk, "insult", "Insults")
    assert world.client("lilit").get(url(world, "queue")).context["awaiting_us"][0]["id"] == hold.pk
    own = world.client("elvin").get(url(world, "queue")).context
    assert own["awaiting_them"][0]["id"] == hold.pk and own["awaiting_us"] == []


@pytest.mark.parametrize("who", ["anonymous", "outsider", "alice", "farid"])
def test_nobody_but_moderators_posts_a_hold_or_a_decision(world, rude, who):
    client = visitor(world, who)
    response = client.post(url(world, "hold"), {"statement": rude.pk, "rule": "insult", "reason": "x"})
    assert response.status_code == 403
    assert not Hold.objects.exists()
    hold = moderation.do_hold(world.elvin, rude.pk, "insult", "Insults")
    assert client.post(url(world, "decide", hold.pk, "remove")).status_code == 403
    assert client.post(url(world, "dismiss", rude.pk)).status_code == 403
    hold.refresh_from_db()
    assert hold.state == Hold.State.HELD


def test_the_queue_puts_a_statement_on_hold_and_the_other_side_removes_it(world, rude):
    response = world.client("elvin").post(
        url(world, "hold"), {"statement": rude.pk, "rule": "insult", "reason": "Insults"}
    )
    assert response.status_code == 302
    hold = Hold.objects.get(statement=rude)
    response = world.client("lilit").post(url(world, "decide", hold.pk, "remove"))
    assert response.status_code == 302
    rude.refresh_from_db()
    assert rude.status == Statement.Status.REMOVED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"statement": "RUDE", "rule": "boring", "reason": "x"}, "Choose a reason from the list."),
        ({"statement": "999999", "rule": "insult", "reason": "x"}, "does not exist"),
        ({"statement": "RUDE", "rule": "insult", "reason": ""}, "Give a public reason"),
    ],
)
def test_a_bad_hold_re_renders_the_queue_with_its_message(world, rude, data, message):
    data = {**data, "statement": str(rude.pk) if data["statement"] == "RUDE" else data["statement"]}
    before = RecordEntry.objects.count()
    response = world.client("elvin").post(url(world, "hold"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Hold.objects.exists() and RecordEntry.objects.count() == before


def test_the_holding_side_is_refused_removal_in_the_queue(world, rude):
    hold = moderation.do_hold(world.elvin, rude.pk, "insult", "Insults")
    assert world.client("aynur").post(url(world, "decide", hold.pk, "remove")).status_code == 403
    response = world.client("lilit").post(url(world, "decide", hold.pk, "shred"))
    assert response.status_code == 400


# --- flagging ---------------------------------------------------------------------------------------------


def test_a_participant_flags_from_the_vote_card(world, rude):
    page = world.client("alice").get(reverse("dialogues:vote", args=[world.dialogue.slug])).content.decode()
    assert url(world, "flag") in page
    response = world.client("alice").post(url(world, "flag"), {"statement": rude.pk, "reason": "insult"})
    assert response.status_code == 302
    assert Flag.objects.get().reason == "insult"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "boring"}, "Choose a reason from the list."),
        ({"statement": "999999", "reason": "insult"}, "does not exist"),
    ],
)
def test_a_bad_flag_is_refused_with_its_message(world, rude, data, message):
    before = RecordEntry.objects.count()
    response = world.client("alice").post(url(world, "flag"), {"statement": rude.pk, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Flag.objects.exists() and RecordEntry.objects.count() == before


def test_a_second_flag_by_the_same_member_is_refused_clearly(world, rude):
    client = world.client("alice")
    client.post(url(world, "flag"), {"statement": rude.pk, "reason": "insult"})
    response = client.post(url(world, "flag"), {"statement": rude.pk, "reason": "other"})
    assert response.status_code == 400 and "already flagged" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_strangers_cannot_flag(world, rude, who):
    response = visitor(world, who).post(url(world, "flag"), {"statement": rude.pk, "reason": "insult"})
    assert response.status_code == 403
    assert not Flag.objects.exists()


# --- the public page --------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "outsider", "alice", "lilit"])
def test_anyone_reads_the_policy_the_blocklist_and_the_log_without_the_flagger(world, rude, who):
    propose_and_approve(
        world.aynur, world.gayane, "moderation_policy", {"texts": {"en": "Be kind.", "hy": "Եղեք բարի։"}}
    )
    propose_and_approve(world.elvin, world.gayane, "blocklist", {"language": "hy", "add": ["դավաճան"]})
    moderation.do_flag(world.aysel, rude.pk, "insult")
    moderation.do_flag(world.bashir, rude.pk, "insult")
    moderation.do_hold(world.elvin, rude.pk, "insult", "Insults the other side")
    response = visitor(world, who).get(url(world, "log"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Be kind." in page and "Եղեք բարի։" in page and "դավաճան" in page
    assert "Insults the other side" in page
    assert "Aysel" not in page and "Bashir" not in page
    assert response.context["log"][0]["side"] == "Side A"


def test_the_public_page_answers_as_json_too(world, rude):
    moderation.do_hold(world.lilit, rude.pk, "off_topic", "Not about rivers")
    data = Client().get(reverse("api:api_moderation", args=[world.dialogue.slug])).json()
    assert data["log"][0]["reason"] == "Not about rivers" and data["log"][0]["status"] == "on_hold"


def test_the_subnav_links_the_public_page_for_everyone_and_the_queue_for_moderators(world):
    detail = reverse("dialogues:results", args=[world.dialogue.slug])
    assert url(world, "queue") in world.client("lilit").get(detail).content.decode()
    anonymous = Client().get(detail).content.decode()
    assert url(world, "log") in anonymous and url(world, "queue") not in anonymous


# --- appeals ----------------------------------------------------------------------------------------------


def test_the_author_sees_the_hold_and_appeals_once_by_form(world, rude):
    moderation.do_hold(world.elvin, rude.pk, "insult", "Insults the other side")
    my_votes = world.client("bella").get(reverse("dialogues:my_votes", args=[world.dialogue.slug])).content.decode()
    assert url(world, "appeal", rude.pk) in my_votes
    client = world.client("bella")
    assert "Insults the other side" in client.get(url(world, "appeal", rude.pk)).content.decode()
    response = client.post(url(world, "appeal", rude.pk), {"text": "It was about politicians."})
    assert response.status_code == 302
    again = client.post(url(world, "appeal", rude.pk), {"text": "Again."})
    assert again.status_code == 400 and "once" in again.content.decode()
    assert Appeal.objects.count() == 1


def test_an_empty_appeal_is_refused_and_nothing_is_written(world, rude):
    moderation.do_hold(world.elvin, rude.pk, "insult", "Insults")
    response = world.client("bella").post(url(world, "appeal", rude.pk), {"text": " "})
    assert response.status_code == 400 and not Appeal.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "outsider", "bashir"])
def test_only_the_author_appeals(world, rude, who):
    moderation.do_hold(world.elvin, rude.pk, "insult", "Insults")
    response = visitor(world, who).post(url(world, "appeal", rude.pk), {"text": "Mine!"})
    assert response.status_code in (403, 400) and not Appeal.objects.exists()
    if who != "bashir":
        assert response.status_code == 403


def test_appeals_show_in_both_queues_and_both_restore_it(world, rude):
    moderation.do_hold(world.elvin, rude.pk, "insult", "Insults")
    appeal = moderation.do_appeal(world.bella, rude.pk, "Please look again.")
    for who in ("elvin", "lilit"):
        assert "Please look again." in world.client(who).get(url(world, "queue")).content.decode()
        assert world.client(who).post(url(world, "answer", appeal.pk, "restore")).status_code == 302
    rude.refresh_from_db()
    assert rude.status == Statement.Status.VISIBLE


@pytest.mark.parametrize(
    ("who", "kinds"),
    [("elvin", {"remove_statement", "merge_statements", "blocklist"}), ("aynur", {"moderation_policy"})],
)
def test_the_proposals_page_offers_the_moderation_forms_to_their_proposers(world, rude, who, kinds):
    response = world.client(who).get(reverse("proposals:proposals", args=[world.dialogue.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert all(f'id="propose-{kind}"' in page for kind in kinds)
    assert "liars and thieves" in page


def test_a_blocklist_proposed_by_form_holds_matching_statements(world):
    client = world.client("elvin")
    response = client.post(
        reverse("proposals:propose", args=[world.dialogue.slug]),
        {"kind": "blocklist", "language": "en", "add": "traitors\nbad people", "remove": "", "days": "7"},
    )
    assert response.status_code == 302
    made = world.dialogue.proposals.get(kind="blocklist")
    assert made.payload == {"language": "en", "add": ["traitors", "bad people"], "remove": []}


# --- holding again, dismissing per side, a flag sent twice ------------------------------------------------


def test_a_second_hold_by_the_same_side_is_refused_and_the_queue_offers_a_removal_proposal(world, rude):
    hold = moderation.do_hold(world.elvin, rude.pk, "insult", "Insults")
    moderation.do_decide_hold(world.lilit, hold.pk, "return")
    moderation.do_flag(world.alice, rude.pk, "insult")
    page = world.client("elvin").get(url(world, "queue")).content.decode()
    assert "propose-remove_statement" in page
    assert "propose-remove_statement" not in world.client("lilit").get(url(world, "queue")).content.decode()
    before = RecordEntry.objects.count()
    response = world.client("aynur").post(
        url(world, "hold"), {"statement": rude.pk, "rule": "insult", "reason": "Again"}
    )
    assert response.status_code == 400 and "propose its removal" in response.content.decode()
    assert RecordEntry.objects.count() == before and Hold.objects.count() == 1


def test_dismissing_in_the_queue_sets_the_flags_aside_for_ones_own_side(world, rude):
    moderation.do_flag(world.alice, rude.pk, "insult", "Calls us liars")
    assert world.client("lilit").post(url(world, "dismiss", rude.pk)).status_code == 302
    assert "Calls us liars" not in world.client("gayane").get(url(world, "queue")).content.decode()
    assert "Calls us liars" in world.client("elvin").get(url(world, "queue")).content.decode()
    again = world.client("gayane").post(url(world, "dismiss", rude.pk))
    assert again.status_code == 400 and "no flags waiting" in again.content.decode()


def test_a_flag_posted_twice_at_once_gets_the_clear_refusal(world, rude):
    client = world.client("alice")
    client.post(url(world, "flag"), {"statement": rude.pk, "reason": "insult"})
    with patch.object(QuerySet, "exists", return_value=False):
        response = client.post(url(world, "flag"), {"statement": rude.pk, "reason": "other"})
    assert response.status_code == 400 and "already flagged" in response.content.decode()
    assert Flag.objects.count() == 1
