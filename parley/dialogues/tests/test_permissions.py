"""Every view, asked by every kind of visitor: who gets the page and who gets nothing private."""

import pytest
from django.test import Client
from django.urls import reverse

from parley.dialogues import actions

pytestmark = pytest.mark.django_db

# view name -> who may GET it: "public" (anyone, for an open dialogue), "member", "manager" (co-chair
# or organizer), "cochair".
DIALOGUE_PAGES = {
    "detail": "public",
    "results": "public",
    "sides_css": "public",
    "signin": "public",
    "vote": "member",
    "write": "member",
    "my_votes": "member",
    "me": "member",
    "welcome": "member",
    "manage": "manager",
}
POST_ONLY = ["cast_vote"]


def visitor(world, who):
    return Client() if who == "anonymous" else world.client(who)


@pytest.mark.parametrize("who", ["anonymous", "outsider", "alice", "bella", "farid", "gayane"])
@pytest.mark.parametrize(("page", "level"), DIALOGUE_PAGES.items())
def test_each_page_answers_each_visitor_as_its_level_says(world, who, page, level):
    response = visitor(world, who).get(reverse(f"dialogues:{page}", args=[world.dialogue.slug]))
    is_member = who not in ("anonymous", "outsider")
    allowed = {
        "public": True,
        "member": is_member,
        "manager": who in ("farid", "gayane"),
    }[level]
    if allowed:
        assert response.status_code == 200, (who, page)
    else:
        assert response.status_code in (403, 404), (who, page)
        # The header names Alice to Alice herself (who she takes part as); the page names nobody.
        assert "Alice" not in response.content.decode().partition("<main")[2]


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_non_members_cannot_vote_write_or_change_status(world, who):
    statement = world.statement("alice", "Only members vote.")
    client = visitor(world, who)
    slug = world.dialogue.slug
    assert (
        client.post(
            reverse("dialogues:cast_vote", args=[slug]), {"statement": statement.pk, "value": "agree"}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("dialogues:write", args=[slug]), {"text": "Intruder", "language": "en"}).status_code == 403
    )
    propose = reverse("proposals:propose", args=[slug])
    assert client.post(propose, {"kind": "status", "status": "closed"}).status_code == 403
    assert statement.votes.count() == 1


def test_nobody_sees_another_participants_votes(world):
    statement = world.statement("bella", "A private vote.")
    actions.do_cast_vote(world.alice, statement.pk, "disagree")
    for who in ("anonymous", "outsider", "aysel", "bella", "aynur", "gayane"):
        client = visitor(world, who)
        page = client.get(reverse("dialogues:my_votes", args=[world.dialogue.slug]))
        assert b"A private vote." not in page.content or who == "bella", who  # bella sees her own statement+vote
        if who == "bella":
            assert page.content.decode().count('aria-pressed="true"') == 1


def test_a_draft_dialogue_is_hidden_from_everyone_but_its_members(db):
    from parley.testing.personas import build_world

    world = build_world(slug="hidden-draft", open_dialogue=False)
    anonymous = Client()
    assert anonymous.get(reverse("dialogues:detail", args=[world.dialogue.slug])).status_code == 404
    assert anonymous.get(reverse("api:api_results", args=[world.dialogue.slug])).status_code == 404
    assert "hidden-draft" not in anonymous.get(reverse("dialogues:home")).content.decode()
    assert world.client("bella").get(reverse("dialogues:detail", args=[world.dialogue.slug])).status_code == 200


def test_creating_a_dialogue_needs_an_account(world, client):
    response = client.get(reverse("dialogues:create"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_home_page_lists_my_dialogues_only_to_me(world):
    assert "Alice" in world.client("alice").get(reverse("dialogues:home")).content.decode()
    assert "Alice" not in Client().get(reverse("dialogues:home")).content.decode()


# Notifications' pages per persona: what awaits the side (any member), the e-mail and webhook
# settings (co-chairs, deputies and moderators), and the count of what awaits each (the rest of the
# matrix, with items awaiting, is in parley/notifications/tests/test_awaiting.py).
NOTIFICATION_PAGES = {"awaiting": "member", "settings": "leads-or-moderates"}


@pytest.mark.parametrize("who", ["anonymous", "outsider", "alice", "bella", "farid", "elvin", "gayane"])
@pytest.mark.parametrize(("page", "level"), NOTIFICATION_PAGES.items())
def test_each_notification_page_answers_each_visitor_as_its_level_says(world, who, page, level):
    response = visitor(world, who).get(reverse(f"notifications:{page}", args=[world.dialogue.slug]))
    allowed = who in ("elvin", "gayane") or (level == "member" and who in ("alice", "bella", "farid"))
    assert response.status_code == (200 if allowed else 403) or (not allowed and response.status_code == 404)
    if who in ("alice", "bella", "farid", "elvin", "gayane") and page == "awaiting":
        assert "Nothing awaits your side." in response.content.decode()  # nothing is pending yet
