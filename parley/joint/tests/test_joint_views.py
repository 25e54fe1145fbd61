"""The joint statement pages: who may see and do what, and bad input answered with a message and no change."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from parley.joint.models import Amendment, JointSignature, JointStatement, JointVote
from parley.joint.tests.joint_setup import TITLE, common_ground, drafted, finalised, register_keys, signature
from parley.ledger.models import RecordEntry

pytestmark = pytest.mark.django_db


def visitor(world, who: str) -> Client:
    return Client() if who == "anonymous" else world.client(who)


def url(world, name: str, *args) -> str:
    return reverse(f"joint:{name}", args=[world.dialogue.slug, *args])


def record_size(world) -> int:
    return RecordEntry.objects.filter(dialogue=world.dialogue).count()


@pytest.mark.parametrize("who", ["anonymous", "outsider", "alice", "bella"])
def test_anyone_reads_the_list_the_statement_its_versions_and_the_signed_text(world, who):
    joint = finalised(world)
    client = visitor(world, who)
    assert "On the shared river" in client.get(url(world, "list")).content.decode()
    page = client.get(url(world, "detail", joint.pk)).content.decode()
    assert "Both sides keep the river clean." in page and "parley verify" in page
    assert client.get(url(world, "versions", joint.pk)).status_code == 200
    response = client.get(url(world, "canonical", joint.pk))
    assert response.status_code == 200 and response.content == bytes(joint.canonical)


def test_the_page_shows_the_readers_language_with_the_original_one_click_away(world):
    joint = finalised(world)
    page = Client(headers={"accept-language": "ru"}).get(url(world, "detail", joint.pk)).content.decode()
    assert "Обе стороны сохраняют реку чистой." in page
    assert '<details class="original">' in page and 'lang="en">Both sides keep the river clean.' in page


def test_a_draft_has_no_signed_text_yet(world):
    joint = drafted(world)
    assert Client().get(url(world, "canonical", joint.pk)).status_code == 404
    assert Client().get(url(world, "detail", 999)).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("anonymous", 403), ("outsider", 403), ("alice", 403), ("farid", 403)])
def test_only_a_co_chair_or_deputy_opens_or_posts_the_new_draft_page(world, who, status):
    rivers, *_rest = common_ground(world)
    client = visitor(world, who)
    assert client.get(url(world, "new")).status_code == status
    response = client.post(url(world, "new"), {"title.en": "Rivers", "statements": [rivers.pk]})
    assert response.status_code == status
    assert not JointStatement.objects.exists()


def test_a_co_chair_starts_a_draft_from_the_common_ground_on_the_page(world):
    rivers, data, _border = common_ground(world)
    client = world.client("gayane")
    page = client.get(url(world, "new")).content.decode()
    assert f'value="{rivers.pk}"' in page and f'value="{data.pk}"' in page
    response = client.post(url(world, "new"), {"title.en": "Rivers", "statements": [rivers.pk, data.pk]})
    joint = JointStatement.objects.get()
    assert response.status_code == 302 and response.url == url(world, "detail", joint.pk)


def test_the_new_draft_page_says_when_there_is_no_analysis_yet(world):
    page = world.client("aynur").get(url(world, "new")).content.decode()
    assert "no finished analysis yet" in page


def test_a_draft_without_statements_is_refused_with_a_message_and_nothing_written(world):
    common_ground(world)
    before = record_size(world)
    response = world.client("aynur").post(url(world, "new"), {"title.en": "Rivers"})
    assert response.status_code == 400 and "Choose at least one common-ground statement." in response.content.decode()
    assert not JointStatement.objects.exists() and record_size(world) == before


@pytest.mark.parametrize(("who", "status"), [("anonymous", 403), ("outsider", 403), ("alice", 403), ("lilit", 403)])
def test_only_co_chairs_deputies_and_organizers_post_amendments(world, who, status):
    joint = drafted(world)
    response = visitor(world, who).post(url(world, "act", joint.pk, "amend"), {"action": "remove", "clause": "2"})
    assert response.status_code == status
    assert not Amendment.objects.exists()


def test_an_amendment_posted_by_side_b_is_accepted_by_side_a_on_the_page(world):
    joint = drafted(world)
    data = {"action": "edit", "clause": "1", "language": "en", "text": "Both sides guard the river."}
    assert world.client("narek").post(url(world, "act", joint.pk, "amend"), data).status_code == 302
    amendment = Amendment.objects.get()
    assert world.client("gayane").post(url(world, "answer", joint.pk, amendment.pk, "accept")).status_code == 403
    page = world.client("aynur").get(url(world, "detail", joint.pk)).content.decode()
    assert url(world, "answer", joint.pk, amendment.pk, "accept") in page
    response = world.client("aynur").post(url(world, "answer", joint.pk, amendment.pk, "accept"))
    assert response.status_code == 302 and joint.versions.count() == 2
    diff = world.client("bella").get(url(world, "versions", joint.pk) + "?a=1&b=2").content.decode()
    assert "<del>keep</del><ins>guard</ins>" in diff


def test_bad_amendments_and_answers_get_a_message_and_change_nothing(world):
    joint = drafted(world)
    before = record_size(world)
    response = world.client("narek").post(
        url(world, "act", joint.pk, "amend"), {"action": "edit", "clause": "1", "language": "en", "text": ""}
    )
    assert response.status_code == 400 and "Write the clause" in response.content.decode()
    assert not Amendment.objects.exists() and record_size(world) == before
    world.client("narek").post(url(world, "act", joint.pk, "amend"), {"action": "remove", "clause": "2"})
    amendment = Amendment.objects.get()
    response = world.client("aynur").post(url(world, "answer", joint.pk, amendment.pk, "reject"), {"reason": ""})
    assert response.status_code == 400 and "Say why you reject it" in response.content.decode()
    assert Amendment.objects.get().state == Amendment.State.PENDING
    assert world.client("aynur").post(url(world, "answer", joint.pk, amendment.pk, "ignore")).status_code == 404


def test_versions_asked_by_bad_numbers_get_a_message(world):
    joint = drafted(world)
    response = Client().get(url(world, "versions", joint.pk) + "?a=x&b=9")
    assert response.status_code == 400 and "Choose two versions" in response.content.decode()


def test_the_draft_page_offers_to_propose_finalising_and_the_proposal_works(world):
    joint = drafted(world)
    page = world.client("aynur").get(url(world, "detail", joint.pk)).content.decode()
    assert 'value="finalise_joint_statement"' in page
    response = world.client("aynur").post(
        reverse("proposals:propose", args=[world.dialogue.slug]),
        {"kind": "finalise_joint_statement", "joint": joint.pk, "version": 1, "participant_vote": "1", "days": 7},
    )
    assert response.status_code == 302
    proposals = world.client("gayane").get(reverse("proposals:proposals", args=[world.dialogue.slug]))
    assert "Finalise joint statement" in proposals.content.decode()
    assert 'name="kind" value="finalise_joint_statement"' in proposals.content.decode()


def test_votes_on_the_final_text_post_and_bad_votes_get_a_message(world):
    joint = finalised(world, participant_vote=True)
    vote = url(world, "act", joint.pk, "vote")
    assert Client().post(vote, {"clause": "1", "value": "agree"}).status_code == 403
    assert world.client("outsider").post(vote, {"clause": "1", "value": "agree"}).status_code == 403
    assert world.client("bella").post(vote, {"clause": "1", "value": "agree"}).status_code == 302
    response = world.client("alice").post(vote, {"clause": "1", "value": "maybe"})
    assert response.status_code == 400 and "agree or disagree" in response.content.decode()
    assert JointVote.objects.count() == 1
    page = world.client("alice").get(url(world, "detail", joint.pk)).content.decode()
    assert "1 agree, 0 disagree" in page


def test_signatures_post_only_by_co_chairs_and_a_bad_one_gets_a_message(world):
    joint = finalised(world)
    private = register_keys(world)
    sign = url(world, "act", joint.pk, "sign")
    good = signature(private["aynur"], bytes(joint.canonical))
    for who in ("anonymous", "outsider", "farid", "alice"):
        assert visitor(world, who).post(sign, {"signature": good}).status_code == 403
    response = world.client("aynur").post(sign, {"signature": signature(private["gayane"], bytes(joint.canonical))})
    assert response.status_code == 400 and "does not match" in response.content.decode()
    assert not JointSignature.objects.exists()
    assert world.client("aynur").post(sign, {"signature": good}).status_code == 302
    page = world.client("gayane").get(url(world, "detail", joint.pk)).content.decode()
    assert 'data-sign-bytes="' in page and "Co-chair of Side A" in page


def test_the_statement_list_links_from_the_dialogue_subnav(world):
    page = Client().get(reverse("dialogues:results", args=[world.dialogue.slug])).content.decode()
    assert url(world, "list") in page


def test_the_title_is_shown_in_every_language(world):
    joint = drafted(world)
    page = Client().get(url(world, "detail", joint.pk)).content.decode()
    assert all(title in page for title in TITLE.values())


def test_the_json_api_gives_the_list_and_each_statement_as_its_pages_show_them(world):
    from parley.joint import actions as joint_actions

    joint = finalised(world)
    private = register_keys(world)
    data = bytes(joint.canonical)
    joint_actions.do_sign_joint(world.aynur, joint.pk, signature(private["aynur"], data))
    joint_actions.do_sign_joint(world.gayane, joint.pk, signature(private["gayane"], data))
    api = reverse("api:api_joint_list", args=[world.dialogue.slug])
    listed = Client(headers={"accept-language": "ru"}).get(api)
    assert listed.status_code == 200 and listed["Content-Type"] == "application/json"
    assert [j["id"] for j in listed.json()["joint_statements"]] == [joint.pk]
    detail = Client().get(reverse("api:api_joint", args=[world.dialogue.slug, joint.pk])).json()
    text = str(detail["joint"])
    assert "Both sides keep the river clean." in text and "Обе стороны сохраняют реку чистой." in text
    assert detail["joint"]["state"] == "ratified"
    assert Client().get(reverse("api:api_joint", args=[world.dialogue.slug, 999])).status_code == 404


def test_a_source_statement_removed_since_no_longer_shows_its_text(world):
    from parley.moderation import actions as moderation
    from parley.testing.personas import propose_and_approve

    joint = finalised(world)
    version = joint.versions.order_by("-number").first()
    assert version is not None
    source = version.clauses[0]["sources"][0]
    propose_and_approve(
        world.elvin, world.gayane, "remove_statement", {"statement": source, "rule": "personal_data", "reason": "Name"}
    )
    assert moderation.Statement.objects.get(pk=source).status == "removed"
    detail = Client().get(reverse("api:api_joint", args=[world.dialogue.slug, joint.pk])).json()
    assert all(s["id"] != source for clause in detail["joint"]["clauses"] for s in clause["sources"])


def test_api_errors_are_json_and_pages_stay_pages(world):
    missing = Client().get(reverse("api:api_joint", args=[world.dialogue.slug, 999]))
    assert missing.status_code == 404 and missing.json() == {"error": "not found"}
    unknown = Client().get("/api/v1/no-such-thing/")
    assert unknown.status_code == 404 and unknown.json() == {"error": "not found"}
    page = Client().get(url(world, "detail", 999))
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
