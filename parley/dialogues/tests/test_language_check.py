"""The write page warns an author whose text does not look like the language they chose, and never overrides them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from parley.dialogues.models import Statement

pytestmark = pytest.mark.django_db

RUSSIAN = "Водоснабжение приграничных сёл должно стать совместным проектом."


def write_url(world):
    return reverse("dialogues:write", args=[world.dialogue.slug])


def check_url(world):
    return reverse("dialogues:check_language", args=[world.dialogue.slug])


def russian_client(world, who="alice"):
    client = world.client(who)
    client.cookies["django_language"] = "ru"
    return client


def test_a_russian_text_marked_azerbaijani_is_not_added_but_warned_about_in_the_readers_language(world):
    response = russian_client(world).post(write_url(world), {"text": RUSSIAN, "language": "az"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "похож на текст на языке: русский" in page and "азербайджанский" in page
    assert 'name="language_confirmed" value="az"' in page
    assert not Statement.objects.filter(text=RUSSIAN).exists()


def test_adding_it_again_keeps_the_language_the_author_chose(world):
    client = world.client("alice")
    client.post(write_url(world), {"text": RUSSIAN, "language": "az"})
    response = client.post(write_url(world), {"text": RUSSIAN, "language": "az", "language_confirmed": "az"})
    assert response.status_code == 302
    assert Statement.objects.get(text=RUSSIAN).language == "az"


def test_changing_the_language_after_the_warning_checks_it_again(world):
    client = world.client("alice")
    response = client.post(write_url(world), {"text": RUSSIAN, "language": "hy", "language_confirmed": "az"})
    assert response.status_code == 200 and not Statement.objects.filter(text=RUSSIAN).exists()
    response = client.post(write_url(world), {"text": RUSSIAN, "language": "ru", "language_confirmed": "az"})
    assert response.status_code == 302 and Statement.objects.get(text=RUSSIAN).language == "ru"


def test_a_text_in_its_chosen_language_is_added_at_once(world):
    response = world.client("alice").post(write_url(world), {"text": RUSSIAN, "language": "ru"})
    assert response.status_code == 302


def test_a_text_of_two_words_is_added_without_a_warning(world):
    response = world.client("alice").post(write_url(world), {"text": "Привет всем", "language": "az"})
    assert response.status_code == 302


def test_the_live_check_warns_while_the_author_types(world):
    response = russian_client(world).post(check_url(world), {"text": RUSSIAN, "language": "hy"})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="language-warning"' in page
    assert "русский" in page and "армянский" in page


def test_the_live_check_is_quiet_for_the_right_language_and_for_short_texts(world):
    client = world.client("alice")
    for data in ({"text": RUSSIAN, "language": "ru"}, {"text": "Привет", "language": "az"}, {"language": "az"}):
        page = client.post(check_url(world), data).content.decode()
        assert 'id="language-warning"' in page and "notice" not in page


def test_the_write_page_asks_for_the_live_check(world):
    page = world.client("alice").get(write_url(world)).content.decode()
    assert f'hx-post="{check_url(world)}"' in page


def test_only_members_may_use_the_live_check(world):
    assert Client().post(check_url(world), {"text": RUSSIAN, "language": "az"}).status_code in (302, 403)
    assert world.client("outsider").post(check_url(world), {"text": RUSSIAN, "language": "az"}).status_code == 403
    assert world.client("alice").get(check_url(world)).status_code == 405


def test_the_write_pages_help_text_is_in_the_readers_language(world):
    page = russian_client(world).get(write_url(world)).content.decode()
    assert "One clear idea" not in page
    assert "Одна ясная мысль" in page
