"""Issue 11: authors may add their own translations when writing, through the write page (no JavaScript);
those are labelled as the author's, and the languages they leave empty are machine-translated as before."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from parley.dialogues.models import Statement, StatementTranslation
from parley.ledger.models import RecordEntry
from parley.ledger.openings import opened_entries

pytestmark = pytest.mark.django_db

AZ_TEXT = "Çaylar hər iki tərəf üçün təmiz qalmalıdır."
RU_TEXT = "Реки должны оставаться чистыми для обеих сторон."


def write_url(world) -> str:
    return reverse("dialogues:write", args=[world.dialogue.slug])


def flat(content: bytes) -> str:
    return html.unescape(re.sub(r"\s+", " ", content.decode()))


def test_the_write_page_offers_a_collapsed_field_per_other_language_labelled_in_the_readers_language(world):
    page = flat(world.client("alice").get(write_url(world), HTTP_ACCEPT_LANGUAGE="ru").content)
    assert '<details class="own-translations">' in page  # collapsed: no "open"
    assert "<summary>Добавить собственные переводы (необязательно)</summary>" in page
    # Reading in Russian, Alice writes in Russian by default: one field per other language of the dialogue.
    for code, name in [("az", "азербайджанский"), ("hy", "армянский"), ("en", "английский")]:
        assert f"Ваш собственный перевод на {name}" in page
        assert re.search(rf'<textarea name="translation_{code}"[^>]* lang="{code}"', page)
    assert 'name="translation_ru"' not in page


def test_an_author_writes_in_azerbaijani_with_their_own_russian_translation(world):
    response = world.client("alice").post(
        write_url(world),
        {
            "text": AZ_TEXT,
            "language": "az",
            "translation_ru": f"  {RU_TEXT}\n",
            "translation_hy": "",
            "translation_en": " \n\t ",
        },
    )
    assert response.status_code == 302
    statement = Statement.objects.get(text=AZ_TEXT)
    assert statement.language == "az"
    own = StatementTranslation.objects.get(statement=statement, language="ru")
    assert (own.text, own.source, own.status, own.translator) == (RU_TEXT, "author", "proposed", world.alice)
    # The empty Armenian one is none: it is left to the machine, as are the languages not offered.
    assert not StatementTranslation.objects.filter(statement=statement, source="author").exclude(language="ru")
    # The record has the author's translation as an entry of its own.
    entries = opened_entries(world.dialogue.pk, RecordEntry.objects.filter(dialogue=world.dialogue).order_by("seq"))
    proposed = [e for e in entries if e["type"] == "translation.proposed" and e["payload"]["statement"] == statement.pk]
    assert len(proposed) == 1
    assert proposed[0]["payload"]["provenance"] == "author" and proposed[0]["payload"]["language"] == "ru"
    assert proposed[0]["payload"]["text"] == RU_TEXT
    # A Russian reader sees it, labelled as the author's translation.
    page = flat(Client().get(f"/d/{world.dialogue.slug}/results/", HTTP_ACCEPT_LANGUAGE="ru").content)
    assert f'<p class="statement-text" lang="ru">{RU_TEXT}</p>' in page
    assert "Перевод автора, другая сторона ещё не проверила" in page


def test_an_over_long_translation_is_refused_and_the_form_kept(world):
    long = "я" * 401
    response = world.client("alice").post(
        write_url(world),
        {"text": AZ_TEXT, "language": "az", "translation_ru": long},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert not Statement.objects.filter(text=AZ_TEXT).exists()
    page = flat(response.content)
    assert "A statement has at most 400 characters; this one has 401." in page
    assert '<details class="own-translations" open>' in page  # the error is not hidden
    assert AZ_TEXT in page and long in page


def test_a_translation_into_the_statements_own_language_is_not_offered(world):
    response = world.client("alice").post(write_url(world), {"text": "x" * 401, "language": "az"})
    page = flat(response.content)
    assert 'name="translation_az"' not in page and 'name="translation_ru"' in page
    # Posted anyway, it is ignored.
    world.client("alice").post(write_url(world), {"text": AZ_TEXT, "language": "az", "translation_az": "Başqa."})
    statement = Statement.objects.get(text=AZ_TEXT)
    assert not StatementTranslation.objects.filter(statement=statement, source="author").exists()
