import pytest
from django.urls import reverse

from parley.dialogues import actions
from parley.dialogues.access import SESSION_KEY, ActionError
from parley.dialogues.models import Membership
from parley.proposals import actions as governance

pytestmark = pytest.mark.django_db


def new_invite(world, inviter="aynur", role="participant", **kwargs):
    member = world.members[inviter]
    if role == "participant":
        return actions.do_create_invite(member, side_id=member.side_id, **kwargs)[1]
    made = governance.do_propose(member, "invite", {"role": role, **kwargs})
    approver = world.gayane if member.side_id == world.side_a.pk else world.aynur
    governance.do_approve_proposal(approver, made.proposal.pk)
    return made.extra


def test_a_participant_joins_with_a_pseudonym_and_a_language_only(world, client):
    token = new_invite(world)
    response = client.post(reverse("dialogues:join", args=[token]), {"handle": "Nigar", "language": "az"})
    assert response.status_code == 302
    member = Membership.objects.get(dialogue=world.dialogue, handle="Nigar")
    assert member.side == world.side_a and member.role == "participant" and member.user is None
    assert client.session[SESSION_KEY] == {str(world.dialogue.pk): member.pk}
    assert client.cookies["django_language"].value == "az"
    welcome = client.get(response["Location"]).content.decode()
    assert "/r/" in welcome  # the personal return link, shown once
    assert "/r/" not in client.get(response["Location"]).content.decode()


def test_the_return_link_brings_a_participant_back_on_another_device(world, client):
    token = new_invite(world)
    member, return_token = actions.do_join(token, handle="Traveller", language="en")
    url = reverse("dialogues:return", args=[world.dialogue.slug, return_token])
    page = client.get(url)
    assert page.status_code == 200 and "Continue as Traveller" in page.content.decode()
    assert SESSION_KEY not in client.session  # opening the link alone changes nothing
    assert client.post(url).status_code == 302
    assert client.session[SESSION_KEY][str(world.dialogue.pk)] == member.pk
    assert client.get(reverse("dialogues:vote", args=[world.dialogue.slug])).status_code == 200


def test_a_new_return_link_replaces_the_old_one(world, client):
    member, old = actions.do_join(new_invite(world), handle="Careful", language="en")
    new = actions.do_new_return_link(member)
    response = client.get(reverse("dialogues:return", args=[world.dialogue.slug, old]))
    assert response.status_code == 400
    assert client.post(reverse("dialogues:return", args=[world.dialogue.slug, old])).status_code == 400
    assert client.post(reverse("dialogues:return", args=[world.dialogue.slug, new])).status_code == 302


def test_a_passphrase_lets_a_participant_sign_in_by_pseudonym(world, client):
    actions.do_set_passphrase(world.alice, "river and bridge")
    url = reverse("dialogues:signin", args=[world.dialogue.slug])
    wrong = client.post(url, {"handle": "alice", "passphrase": "wrong passphrase"})
    assert wrong.status_code == 400 and "do not match" in wrong.content.decode()
    right = client.post(url, {"handle": "ALICE", "passphrase": "river and bridge"})
    assert right.status_code == 302
    assert client.session[SESSION_KEY][str(world.dialogue.pk)] == world.alice.pk


def test_a_passphrase_is_set_on_the_participants_own_page(world):
    client = world.client("alice")
    url = reverse("dialogues:me", args=[world.dialogue.slug])
    short = client.post(url, {"action": "passphrase", "passphrase": "short"})
    assert "at least 8" in short.content.decode()
    assert client.post(url, {"action": "passphrase", "passphrase": "a good long one"}).status_code == 302
    world.alice.refresh_from_db()
    assert world.alice.passphrase_hash and "a good long one" not in world.alice.passphrase_hash


@pytest.mark.parametrize("handle", ["aYnUr", "Aynur", " aynur "])
def test_duplicate_pseudonyms_are_refused_whatever_their_case(world, client, handle):
    before = Membership.objects.count()
    response = client.post(reverse("dialogues:join", args=[new_invite(world)]), {"handle": handle, "language": "en"})
    assert response.status_code == 400
    assert "already uses this pseudonym" in response.content.decode()
    assert Membership.objects.count() == before


@pytest.mark.parametrize("handle", ["", "x", "a" * 41, "<script>", "12345", "name@mail"])
def test_bad_pseudonyms_get_a_clear_message(world, client, handle):
    before = Membership.objects.count()
    response = client.post(reverse("dialogues:join", args=[new_invite(world)]), {"handle": handle, "language": "en"})
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert Membership.objects.count() == before


def test_an_unknown_language_is_refused(world, client):
    response = client.post(
        reverse("dialogues:join", args=[new_invite(world)]), {"handle": "Polyglot", "language": "xx"}
    )
    assert response.status_code == 400
    assert not Membership.objects.filter(handle="Polyglot").exists()


def test_an_organizer_invite_creates_an_account_and_logs_in(world, client):
    token = new_invite(world, role="organizer")
    response = client.post(
        reverse("dialogues:join", args=[token]),
        {
            "handle": "Kamran",
            "language": "az",
            "account-username": "kamran",
            "account-password": "a long enough passphrase",
            "account-password2": "a long enough passphrase",
        },
    )
    assert response.status_code == 302
    member = Membership.objects.get(handle="Kamran")
    assert member.role == "organizer"
    assert member.user is not None and member.user.username == "kamran"
    assert client.get(reverse("dialogues:manage", args=[world.dialogue.slug])).status_code == 200


def test_a_weak_password_writes_neither_account_nor_membership(world, client):
    from django.contrib.auth import get_user_model

    token = new_invite(world, role="organizer")
    response = client.post(
        reverse("dialogues:join", args=[token]),
        {
            "handle": "Weak",
            "language": "az",
            "account-username": "weak",
            "account-password": "123",
            "account-password2": "123",
        },
    )
    assert response.status_code == 400
    assert not get_user_model().objects.filter(username="weak").exists()
    assert not Membership.objects.filter(handle="Weak").exists()


def test_participants_are_never_tied_to_an_account(world):
    token = new_invite(world)
    member, _ = actions.do_join(token, handle="Unlinked", language="en", user=world.aynur.user)
    assert member.user is None


def test_a_member_opening_an_invite_again_is_told_they_are_in(world):
    client = world.client("alice")
    response = client.get(reverse("dialogues:join", args=[new_invite(world)]))
    assert "already take part" in response.content.decode()


@pytest.mark.parametrize("role", ["participant", "organizer"])
def test_the_site_administrator_cannot_join_a_dialogue_through_an_invitation(world, client, role):
    admin = actions.do_create_account("siteadmin", "correct horse battery staple", superuser=True)
    client.force_login(admin)
    token = new_invite(world, role=role)
    page = client.get(reverse("dialogues:join", args=[token]))
    assert page.status_code == 403 and "takes no part in dialogues" in page.content.decode()
    before = Membership.objects.count()
    posted = client.post(reverse("dialogues:join", args=[token]), {"handle": "Quiet Admin", "language": "en"})
    assert posted.status_code == 403 and "takes no part in dialogues" in posted.content.decode()
    with pytest.raises(ActionError, match="not even as a participant"):
        actions.do_join(token, handle="Quiet Admin", language="en", user=admin)
    assert Membership.objects.count() == before


def test_the_site_administrator_cannot_become_a_co_chair_by_creating_a_dialogue(db):
    from parley.testing.personas import SIDES

    admin = actions.do_create_account("siteadmin", "correct horse battery staple", superuser=True)
    with pytest.raises(ActionError, match="not even as a participant"):
        actions.do_create_dialogue(
            admin, title={"en": "Mine"}, description={}, languages=["en"], sides=SIDES, my_side=0, handle="Admin"
        )
    assert not Membership.objects.exists()
