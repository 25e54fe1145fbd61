"""Protections found in review: identity swaps, guessing, look-alike names, races, leaks."""

import logging

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from parley.dialogues import actions
from parley.dialogues.access import SESSION_KEY, ActionError
from parley.dialogues.models import Membership
from parley.testing.personas import build_world

pytestmark = pytest.mark.django_db


def test_a_return_link_sent_by_someone_else_does_not_silently_swap_who_i_am(world):
    client = world.client("alice")
    _member, mallory_token = actions.do_join(
        actions.do_create_invite(world.aynur, side_id=world.side_a.pk)[1], handle="Mallory", language="en"
    )
    page = client.get(reverse("dialogues:return", args=[world.dialogue.slug, mallory_token])).content.decode()
    assert "now takes part as Alice" in page
    assert client.session[SESSION_KEY][str(world.dialogue.pk)] == world.alice.pk


def test_a_participant_can_make_a_shared_browser_forget_them(world):
    client = world.client("alice")
    assert client.post(reverse("dialogues:leave", args=[world.dialogue.slug])).status_code == 302
    assert client.get(reverse("dialogues:vote", args=[world.dialogue.slug])).status_code == 403


def test_members_of_a_draft_dialogue_can_come_back_on_another_device(db):
    world = build_world(slug="draft-return", open_dialogue=False)
    token = actions.do_new_return_link(world.alice)
    client = Client()
    assert client.get(reverse("dialogues:return", args=["draft-return", token])).status_code == 200
    assert client.post(reverse("dialogues:return", args=["draft-return", token])).status_code == 302
    assert client.get(reverse("dialogues:signin", args=["draft-return"])).status_code == 200


def test_a_draft_dialogues_sign_in_page_is_not_found_by_strangers(db):
    world = build_world(slug="secret-draft", open_dialogue=False)
    title = world.dialogue.title["en"]
    for response in (
        Client().get(reverse("dialogues:signin", args=["secret-draft"])),
        Client().post(reverse("dialogues:signin", args=["secret-draft"]), {"handle": "Alice", "passphrase": "x" * 8}),
    ):
        assert response.status_code == 404 and title not in response.content.decode()


@pytest.mark.parametrize("handle", ["Аynur", "Aрам", "Նarek"])
def test_pseudonyms_mixing_alphabets_are_refused(handle):
    with pytest.raises(ActionError, match="one alphabet"):
        actions.clean_handle(handle)


def test_a_long_armenian_pseudonym_whose_folded_form_is_longer_fits(world):
    handle = "Երևան" * 8  # "և" case-folds to two letters: the folded key is longer than the handle
    token = actions.do_create_invite(world.gayane, side_id=world.side_b.pk)[1]
    member, _ = actions.do_join(token, handle=handle, language="hy")
    assert member.handle == handle and len(member.handle_key) > len(handle)


def test_the_database_holds_one_co_chair_per_side(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            dialogue=world.dialogue, side=world.side_a, handle="Second", handle_key="second", role="cochair"
        )


def test_two_co_chair_invitations_for_one_side_seat_only_one(db):
    from parley.testing.personas import SIDES

    founder = actions.do_create_account("founder-b", "correct horse battery staple")
    dialogue, chair = actions.do_create_dialogue(
        founder, title={"en": "Race"}, description={}, languages=["en"], sides=SIDES, my_side=0, handle="Founder"
    )
    side_b = dialogue.ordered_sides()[1]
    first = actions.do_create_invite(chair, side_id=side_b.pk, role="cochair")[1]
    second = actions.do_create_invite(chair, side_id=side_b.pk, role="cochair")[1]
    one = actions.do_create_account("first-b", "correct horse battery staple")
    two = actions.do_create_account("second-b", "correct horse battery staple")
    actions.do_join(first, handle="First", language="en", user=one)
    with pytest.raises(ActionError, match="already has a co-chair"):
        actions.do_join(second, handle="Second", language="en", user=two)


def test_a_refused_htmx_vote_shows_its_message_in_place(world):
    client = world.client("alice")
    response = client.post(
        reverse("dialogues:cast_vote", args=[world.dialogue.slug]),
        {"statement": "999999", "value": "agree"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200  # htmx swaps only 2xx: the message must come back as one
    assert 'role="alert"' in response.content.decode() and "does not exist" in response.content.decode()


@pytest.mark.parametrize("view", ["cast_vote", "write", "leave"])
def test_parley_forms_refuse_posts_without_a_csrf_token(world, view):
    client = Client(enforce_csrf_checks=True)
    session = client.session
    session[SESSION_KEY] = {str(world.dialogue.pk): world.alice.pk}
    session.save()
    response = client.post(reverse(f"dialogues:{view}", args=[world.dialogue.slug]), {"text": "x", "statement": 1})
    assert response.status_code == 403


def test_results_and_their_api_never_show_who_voted_how(world):
    statement = world.statement("bella", "Open the railway.")
    actions.do_cast_vote(world.alice, statement.pk, "disagree")
    page = Client().get(reverse("dialogues:results", args=[world.dialogue.slug])).content.decode()
    api = Client().get(reverse("api:api_results", args=[world.dialogue.slug])).content.decode()
    for text in (page, api):
        assert "Alice" not in text and "Aysel" not in text


def test_tokens_in_request_paths_never_reach_the_log(caplog):
    from parley.logfilters import HideTokens

    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/join/SECRET-token/",), None
    )
    HideTokens().filter(record)
    assert "SECRET" not in record.getMessage() and "/join/[hidden]" in record.getMessage()
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "GET /d/talks/r/SECRET/ failed", None, None)
    HideTokens().filter(record)
    assert "SECRET" not in record.getMessage()


@pytest.mark.parametrize(
    ("existing", "impostor"),
    [("Alice", "Аӏісе"), ("Pepe", "Рере"), ("Aydın", "AYDIN"), ("AYDIN", "Aydın"), ("Kate", "КАТЕ"), ("Hugo", "հսցօ")],
)
def test_a_pseudonym_that_looks_like_a_members_is_refused(world, existing, impostor):
    if existing != "Alice":
        actions.do_join(
            actions.do_create_invite(world.aynur, side_id=world.side_a.pk)[1], handle=existing, language="en"
        )
    token = actions.do_create_invite(world.gayane, side_id=world.side_b.pk)[1]
    response = Client().post(reverse("dialogues:join", args=[token]), {"handle": impostor, "language": "ru"})
    assert response.status_code == 400 and "looks like it" in response.content.decode()
    assert not Membership.objects.filter(dialogue=world.dialogue, handle=impostor).exists()


def test_a_participant_signs_in_whatever_the_case_of_their_dotless_i(world):
    member, _ = actions.do_join(
        actions.do_create_invite(world.aynur, side_id=world.side_a.pk)[1], handle="Aydın", language="en"
    )
    actions.do_set_passphrase(member, "bizim çay körpüsü")
    response = Client().post(
        reverse("dialogues:signin", args=[world.dialogue.slug]), {"handle": "AYDIN", "passphrase": "bizim çay körpüsü"}
    )
    assert response.status_code == 302


def test_upgrading_rekeys_pseudonyms_and_keeps_both_of_a_look_alike_pair_that_had_joined(world):
    import importlib

    from django.apps import apps

    # Before, keys were only case-folded, so a Cyrillic "Аӏісе" could join beside "Alice".
    Membership.objects.create(
        dialogue=world.dialogue, side=world.side_b, handle="Аӏісе", handle_key="аӏісе", role="participant"
    )
    Membership.objects.filter(pk=world.alice.pk).update(handle_key="alice")
    migration = importlib.import_module("parley.dialogues.migrations.0009_pseudonym_keys_are_confusable_skeletons")
    migration.recompute(apps, None)
    keys = dict(Membership.objects.filter(dialogue=world.dialogue).values_list("handle", "handle_key"))
    assert keys["Alice"] == "aiice" and keys["Аӏісе"].startswith("aiice#")
    assert keys["Gayane"] == actions.handle_key("GAYANE")
    # Both keep signing in by their own spelling.
    impostor = Membership.objects.get(handle="Аӏісе")
    actions.do_set_passphrase(impostor, "first come first served")
    assert actions.check_passphrase(world.dialogue, "Аӏісе", "first come first served") == impostor
