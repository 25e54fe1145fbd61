from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from parley.dialogues import actions
from parley.dialogues.access import ActionError
from parley.dialogues.models import Invite, Membership

pytestmark = pytest.mark.django_db


def invite_token(world, inviter="aynur", side=None, **kwargs):
    side = side or world.members[inviter].side
    return actions.do_create_invite(world.members[inviter], side_id=side.pk, **kwargs)[1]


def test_a_cochair_invites_participants_to_their_own_side(world):
    invite, token = actions.do_create_invite(world.aynur, side_id=world.side_a.pk, max_uses=3)
    assert invite.side == world.side_a and invite.max_uses == 3
    assert invite.token_hash == actions.hash_token(token)
    assert token not in invite.token_hash  # only the hash is stored


def test_side_a_cannot_create_invites_for_side_b(world):
    before = Invite.objects.count()
    for name in ("aynur", "farid"):
        for role in ("participant", "organizer", "cochair"):
            with pytest.raises(PermissionDenied):
                actions.do_create_invite(world.members[name], side_id=world.side_b.pk, role=role)
    assert Invite.objects.count() == before


def test_side_a_cannot_invite_for_side_b_through_the_page(world):
    client = world.client("aynur")
    before = Invite.objects.count()
    response = client.post(
        reverse("dialogues:manage", args=[world.dialogue.slug]),
        {"side": world.side_b.pk, "role": "participant", "max_uses": 5, "expires_in_days": 7},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert Invite.objects.count() == before


def test_participants_and_moderators_cannot_invite(world):
    for name in ("alice", "elvin", "bella"):
        with pytest.raises(PermissionDenied):
            actions.do_create_invite(world.members[name], side_id=world.members[name].side_id)
        response = world.client(name).get(reverse("dialogues:manage", args=[world.dialogue.slug]))
        assert response.status_code == 403


def test_an_organizer_invites_participants_but_not_organizers(world):
    invite, _token = actions.do_create_invite(world.farid, side_id=world.side_a.pk)
    assert invite.role == Membership.Role.PARTICIPANT
    with pytest.raises(ActionError, match="other side's approval"):
        actions.do_create_invite(world.farid, side_id=world.side_a.pk, role=Membership.Role.ORGANIZER)


@pytest.mark.parametrize("role", ["organizer", "moderator", "deputy", "observer"])
def test_a_cochair_alone_cannot_invite_to_a_privileged_role_or_as_observer(world, role):
    with pytest.raises(ActionError, match="other side's approval"):
        actions.do_create_invite(world.aynur, side_id=world.side_a.pk, role=role)


def test_a_cochair_invites_the_other_sides_first_cochair_and_only_while_it_has_none(db):
    user = actions.do_create_account("solo-chair", "solo-chair-passphrase")
    from parley.testing.personas import SIDES

    dialogue, chair = actions.do_create_dialogue(
        user, title={"en": "Solo"}, description={}, languages=["en"], sides=SIDES, my_side=1, handle="Solo"
    )
    side_a = dialogue.ordered_sides()[0]
    with pytest.raises(PermissionDenied):
        actions.do_create_invite(chair, side_id=side_a.pk, role=Membership.Role.PARTICIPANT)
    _invite, token = actions.do_create_invite(chair, side_id=side_a.pk, role=Membership.Role.COCHAIR)
    other = actions.do_create_account("other-chair", "other-chair-passphrase")
    member, _ = actions.do_join(token, handle="Other", language="en", user=other)
    assert member.side == side_a and member.role == Membership.Role.COCHAIR
    with pytest.raises(PermissionDenied):
        actions.do_create_invite(chair, side_id=side_a.pk, role=Membership.Role.COCHAIR)


def test_a_forged_side_id_is_refused(world):
    for forged in ("999999", "abc", world.alice.pk):
        with pytest.raises(ActionError):
            actions.do_create_invite(world.aynur, side_id=forged)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"revoked_at": timezone.now()}, "withdrawn"),
        ({"expires_at": timezone.now() - timedelta(seconds=1)}, "expired"),
        ({"uses": 1}, "already been used"),
    ],
)
def test_unusable_invites_say_why_and_write_nothing(world, client, change, message):
    token = invite_token(world)
    Invite.objects.filter(token_hash=actions.hash_token(token)).update(**change)
    before = Membership.objects.count()
    response = client.get(reverse("dialogues:join", args=[token]))
    assert response.status_code == 400
    assert message in response.content.decode()
    response = client.post(reverse("dialogues:join", args=[token]), {"handle": "Newcomer", "language": "en"})
    assert response.status_code == 400
    assert Membership.objects.count() == before


def test_an_unknown_invite_token_gets_a_clear_message(client, db):
    response = client.get(reverse("dialogues:join", args=["not-a-real-token"]))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_revoking_stops_the_link_and_only_the_own_side_can_revoke(world):
    invite, token = actions.do_create_invite(world.aynur, side_id=world.side_a.pk)
    with pytest.raises(PermissionDenied):
        actions.do_revoke_invite(world.gayane, invite.pk)
    response = world.client("gayane").post(reverse("dialogues:revoke_invite", args=[world.dialogue.slug, invite.pk]))
    assert response.status_code == 403
    response = world.client("farid").post(reverse("dialogues:revoke_invite", args=[world.dialogue.slug, invite.pk]))
    assert response.status_code == 302
    with pytest.raises(ActionError, match="withdrawn"):
        actions.find_invite(token)


def test_an_invite_is_used_no_more_times_than_allowed(world):
    token = invite_token(world, max_uses=2)
    actions.do_join(token, handle="First", language="az")
    actions.do_join(token, handle="Second", language="az")
    with pytest.raises(ActionError, match="already been used"):
        actions.do_join(token, handle="Third", language="az")
    assert not Membership.objects.filter(handle="Third").exists()


@pytest.mark.parametrize(("uses", "days"), [(0, 7), (10_001, 7), (5, 0), (5, 366), ("x", 7)])
def test_invite_limits_are_validated(world, uses, days):
    with pytest.raises(ActionError):
        actions.do_create_invite(world.aynur, side_id=world.side_a.pk, max_uses=uses, expires_in_days=days)


def test_the_manage_page_shows_a_new_link_once(world):
    client = world.client("aynur")
    url = reverse("dialogues:manage", args=[world.dialogue.slug])
    response = client.post(url, {"side": world.side_a.pk, "role": "participant", "max_uses": 5, "expires_in_days": 7})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "/join/" in page
    assert "/join/" not in client.get(url).content.decode()
