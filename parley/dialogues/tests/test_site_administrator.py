"""The site administrator's first hour: create an empty dialogue, find it again, reissue a lost link."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parley.dialogues import actions
from parley.dialogues.models import Dialogue, Invite, Membership
from parley.ledger.models import RecordEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db):
    user = actions.do_create_account("siteadmin", "correct horse battery staple", superuser=True)
    client = Client()
    client.force_login(user)
    return client


def shell_form(**overrides):
    data = {
        "title_en": "",
        "title_az": "",
        "title_hy": "Երկխոսություն",
        "title_ru": "",
        "languages": ["az", "hy", "ru"],
        "side0_label": "AZ",
        "side0_colour": "#1f77b4",
        "side0_name_az": "Azərbaycan tərəfi",
        "side1_label": "AM",
        "side1_colour": "#d95f02",
        "side1_name_hy": "Հայկական կողմ",
    }
    data.update(overrides)
    return data


def create(client, **overrides):
    response = client.post(reverse("dialogues:create"), shell_form(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def join_link_token(html: str) -> list[str]:
    import re

    return re.findall(r"/join/([A-Za-z0-9_-]+)/", html)


def test_creating_redirects_to_a_page_that_shows_the_links_once_and_reloading_it_writes_nothing(admin_client):
    response = create(admin_client)
    page = admin_client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dialogue created" in html and len(join_link_token(html)) == 2
    entries = RecordEntry.objects.count()
    again = admin_client.get(response["Location"])
    assert again.status_code == 200
    assert Dialogue.objects.count() == 1 and Invite.objects.count() == 2 and RecordEntry.objects.count() == entries
    # Shown once: the reload says where each link stands instead, and offers a new one.
    assert join_link_token(again.content.decode()) == []
    assert "The link works until" in again.content.decode() and "Make a new link" in again.content.decode()


def test_a_dialogue_titled_only_in_armenian_gets_a_readable_address_and_the_next_one_another(admin_client):
    create(admin_client)
    create(admin_client)
    assert sorted(Dialogue.objects.values_list("slug", flat=True)) == ["yerkkhosutyun", "yerkkhosutyun-2"]
    create(admin_client, title_hy="", title_ru="Диалог о реках", title_az="")
    create(admin_client, title_hy="", title_az="Əməkdaşlıq və şəhərlər")
    assert Dialogue.objects.filter(slug="dialog-o-rekakh").exists()
    assert Dialogue.objects.filter(slug="emekdasliq-ve-seherler").exists()


def test_the_administrators_home_lists_the_dialogues_they_created_with_each_first_co_chairs_link(admin_client):
    create(admin_client)
    home = admin_client.get(reverse("dialogues:home")).content.decode()
    assert "Dialogues you created" in home and "Երկխոսություն" in home
    assert "Draft" in home and home.count("The link works until") == 2
    # Nobody else sees the list, nor the draft.
    assert "Dialogues you created" not in Client().get(reverse("dialogues:home")).content.decode()


def test_the_administrator_opens_their_own_draft_and_nobody_else_can(admin_client):
    create(admin_client)
    page = admin_client.get(reverse("dialogues:detail", args=["yerkkhosutyun"]))
    assert page.status_code == 200
    assert "You created this dialogue as the site administrator" in page.content.decode()
    # No links to the draft's other pages, which are its members' only.
    assert reverse("dialogues:results", args=["yerkkhosutyun"]) not in page.content.decode()
    assert 'id="delegations"' not in page.content.decode()
    assert Client().get(reverse("dialogues:detail", args=["yerkkhosutyun"])).status_code == 404
    assert Client().get(reverse("dialogues:first_cochairs", args=["yerkkhosutyun"])).status_code == 404
    # Only its front page: the rest of a draft stays its members'.
    assert admin_client.get(reverse("dialogues:results", args=["yerkkhosutyun"])).status_code == 404


def test_an_expired_first_co_chair_link_is_reissued_the_old_one_revoked_and_both_steps_recorded(admin_client):
    create(admin_client)
    dialogue = Dialogue.objects.get()
    side_a, side_b = dialogue.ordered_sides()
    Invite.objects.filter(side=side_a).update(expires_at=timezone.now() - timedelta(days=1))
    page = admin_client.get(reverse("dialogues:first_cochairs", args=[dialogue.slug])).content.decode()
    assert "The link expired on" in page
    reissue = reverse("dialogues:reissue_first_cochair", args=[dialogue.slug, side_a.pk])
    response = admin_client.post(reissue)
    assert response.status_code == 302
    page = admin_client.get(response["Location"]).content.decode()
    tokens = join_link_token(page)
    assert len(tokens) == 1 and "the earlier one no longer works" in page
    old, new = Invite.objects.filter(side=side_a).order_by("id")
    assert old.revoked_at is not None and new.is_usable and new.created_by is None
    types = list(RecordEntry.objects.filter(dialogue=dialogue).order_by("seq").values_list("type", flat=True))
    assert types[-2:] == ["invite.revoked", "invite.created"]
    # The new link makes its holder side A's first co-chair; side B's link was untouched.
    user = actions.do_create_account("aynur", "correct horse battery staple")
    member, _return = actions.do_join(tokens[0], handle="Aynur", language="az", user=user)
    assert member.role == Membership.Role.COCHAIR and member.side == side_a
    assert Invite.objects.get(side=side_b).is_usable
    # Once the side has its co-chair, no new link can replace them.
    refused = admin_client.post(reissue, follow=True)
    assert "co-chair has joined" in refused.content.decode()
    assert Invite.objects.filter(side=side_a).count() == 2


def test_nobody_but_the_site_administrator_reissues_a_first_co_chair_link(admin_client, world):
    create(admin_client)
    dialogue = Dialogue.objects.get(slug="yerkkhosutyun")
    side = dialogue.ordered_sides()[0]
    url = reverse("dialogues:reissue_first_cochair", args=[dialogue.slug, side.pk])
    assert world.client("aynur").post(url).status_code == 404
    assert Client().post(url).status_code == 404
    # Nor for a dialogue a co-chair created.
    world_url = reverse("dialogues:reissue_first_cochair", args=[world.dialogue.slug, world.side_a.pk])
    assert admin_client.post(world_url).status_code == 404
    assert Invite.objects.filter(dialogue=dialogue).count() == 2
