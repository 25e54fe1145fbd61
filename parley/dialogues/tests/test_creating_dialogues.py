import pytest
from django.test import Client
from django.urls import reverse

from parley.dialogues import actions
from parley.dialogues.models import Dialogue, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def founder(db):
    user = actions.do_create_account("founder", "correct horse battery staple")
    client = Client()
    client.force_login(user)
    return client


def form_data(**overrides):
    data = {
        "title_en": "Rivers we share",
        "title_az": "Ortaq çaylarımız",
        "title_hy": "",
        "title_ru": "",
        "description_en": "About water.",
        "languages": ["az", "hy", "en"],
        "my_side": "1",
        "handle": "Founder",
        "side0_label": "AZ",
        "side0_colour": "#1f77b4",
        "side0_name_en": "Azerbaijani side",
        "side1_label": "AM",
        "side1_colour": "#d95f02",
        "side1_name_en": "Armenian side",
    }
    data.update(overrides)
    return data


def test_a_logged_in_person_creates_a_draft_dialogue_and_co_chairs_the_chosen_side(founder):
    response = founder.post(reverse("dialogues:create"), form_data())
    assert response.status_code == 302
    dialogue = Dialogue.objects.get(slug="rivers-we-share")
    assert dialogue.status == "draft" and dialogue.languages == ["en", "az", "hy"]
    assert dialogue.title == {"en": "Rivers we share", "az": "Ortaq çaylarımız"}
    chair = Membership.objects.get(dialogue=dialogue)
    assert chair.role == "cochair" and chair.side.label == "AM" and chair.side.position == 1


def test_two_dialogues_with_the_same_title_get_different_addresses(founder):
    founder.post(reverse("dialogues:create"), form_data())
    founder.post(reverse("dialogues:create"), form_data(handle="Founder"))
    assert sorted(Dialogue.objects.values_list("slug", flat=True)) == ["rivers-we-share", "rivers-we-share-2"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title_en": "", "title_az": ""}, "at least one language"),
        ({"side1_label": "az"}, "different labels"),
        ({"side0_colour": "red"}, "#1f77b4"),
        ({"side0_colour": "#12345g"}, "#1f77b4"),
        ({"handle": "!"}, "pseudonym"),
        ({"languages": []}, "required"),
        ({"my_side": "2"}, "valid choice"),
        ({"side0_label": ""}, "required"),
    ],
)
def test_bad_dialogue_forms_say_what_is_wrong_and_write_nothing(founder, overrides, message):
    response = founder.post(reverse("dialogues:create"), form_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Dialogue.objects.exists()


def test_the_new_dialogue_is_invisible_to_the_public_until_both_sides_open_it(founder):
    founder.post(reverse("dialogues:create"), form_data())
    assert Client().get(reverse("dialogues:detail", args=["rivers-we-share"])).status_code == 404
    assert founder.get(reverse("dialogues:detail", args=["rivers-we-share"])).status_code == 200


def test_revoking_an_unknown_invitation_is_a_404(world):
    response = world.client("aynur").post(reverse("dialogues:revoke_invite", args=[world.dialogue.slug, 999999]))
    assert response.status_code == 404
