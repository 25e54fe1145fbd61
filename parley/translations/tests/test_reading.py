"""Readers see each statement in their language with where the translation comes from, and the original
one click away (a <details> element: no JavaScript needed), in Azerbaijani, Russian and English."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pytest
from django.test import Client

from parley.dialogues import actions as dialogue_actions
from parley.translations import actions
from parley.translations.tests.conftest import AZ_TEXT, HY_TEXT, RU_TEXT

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Result:
    text: str
    backend: str = "libretranslate"
    model: str = "nllb-200-distilled-600M"
    pivot: str | None = None


@pytest.fixture
def rendered(translators, armenian_statement):
    """Bashir (side B) renders Bella's Armenian statement into az and ru; Aysel (side A) reviews the az one;
    a machine renders it into English."""
    world, statement = translators, armenian_statement
    actions.do_propose_translation(world.bashir, statement.pk, "az", AZ_TEXT)
    actions.do_propose_translation(world.bashir, statement.pk, "ru", RU_TEXT)
    actions.do_review_translation(world.aysel, statement.pk, "az")
    actions.do_record_machine_translation(statement.pk, "en", Result("Rivers must stay clean for both sides."))
    return world


def page_text(client: Client, url: str, language: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


@pytest.mark.parametrize(
    ("language", "text", "label"),
    [
        ("az", AZ_TEXT, "Tərcümə edən: Bashir (B tərəfi), yoxlayan: Aysel (A tərəfi)"),
        ("ru", RU_TEXT, "Перевёл(а) Bashir (Сторона Б), другая сторона ещё не проверила"),
        (
            "en",
            "Rivers must stay clean for both sides.",
            "Machine translation (LibreTranslate, model nllb-200-distilled-600M)",
        ),
    ],
)
def test_readers_see_the_translation_its_label_and_the_original(rendered, language, text, label):
    page = page_text(Client(), f"/d/{rendered.dialogue.slug}/results/", language)
    assert f'<p class="statement-text" lang="{language}">{text}</p>' in page
    assert label in page
    assert '<details class="original"> <summary>' in page
    assert f'<p lang="hy">{HY_TEXT}</p>' in page


def test_the_api_gives_the_same_provenance(rendered):
    data = Client().get(f"/api/v1/dialogues/{rendered.dialogue.slug}/results/", HTTP_ACCEPT_LANGUAGE="az").json()
    shown = next(s for s in data["statements"] if s["original"] == HY_TEXT)
    assert shown["text"] == AZ_TEXT and shown["lang"] == "az"
    assert shown["translation"]["status"] == "reviewed"
    assert shown["translation"]["translator"] == {"handle": "Bashir", "side": "B tərəfi"}
    assert shown["translation"]["reviewer"] == {"handle": "Aysel", "side": "A tərəfi"}


def test_an_authors_own_translation_is_labelled_as_the_authors(world):
    dialogue_actions.do_submit_statement(world.alice, "Open the archives.", "en", {"ru": "Откройте архивы."})
    page = page_text(Client(), f"/d/{world.dialogue.slug}/results/", "ru")
    assert "Откройте архивы." in page
    assert "Перевод автора, другая сторона ещё не проверила" in page


def test_the_vote_card_shows_the_label_too(rendered):
    page = page_text(rendered.client("alice"), f"/d/{rendered.dialogue.slug}/vote/", "az")
    assert AZ_TEXT in page and "yoxlayan: Aysel (A tərəfi)" in page
