"""The translators' pages: who may see a side's queue and act on it, what a bad form gets back, and the
queue's order (most-voted first, then oldest)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from parley.dialogues import actions as dialogue_actions
from parley.dialogues.models import StatementTranslation
from parley.translations import actions, views
from parley.translations.models import Translator
from parley.translations.tests.conftest import AZ_TEXT

pytestmark = pytest.mark.django_db


def url(world, name: str) -> str:
    return reverse(f"translations:{name}", args=[world.dialogue.slug])


def post(world, who: str, name: str, data: dict) -> Any:
    return world.client(who).post(url(world, name), data)


@pytest.mark.parametrize(
    ("who", "status"),
    [("bashir", 200), ("lilit", 200), ("narek", 200), ("alice", 403), ("outsider", 403), (None, 403)],
)
def test_a_sides_queue_is_for_its_translators_moderators_and_organizers(translators, who, status):
    client = translators.client(who) if who else Client()
    assert client.get(url(translators, "queue")).status_code == status


def test_the_queue_api_returns_the_dict_the_page_renders(translators, armenian_statement):
    response = translators.client("aysel").get(f"/api/v1/dialogues/{translators.dialogue.slug}/translations/")
    assert response.status_code == 200
    data = response.json()
    assert data["side"]["label"] == "A"
    item = next(i for i in data["items"] if i["statement"]["id"] == armenian_statement.pk)
    assert {t["language"]: t["task"] for t in item["tasks"]} == {
        "az": "translate",
        "ru": "translate",
        "en": "translate",
    }
    assert {t["language"] for t in item["tasks"] if t["can_propose"]} == {"az"}  # Aysel: az and hy
    assert Client().get(f"/api/v1/dialogues/{translators.dialogue.slug}/translations/").status_code == 403


def test_the_queue_lists_most_voted_statements_first_then_the_oldest(translators):
    world = translators
    old = world.statement("alice", "The old bridge must be repaired.")
    popular = world.statement("aysel", "Both sides share the river.")
    newest = world.statement("aynur", "Schools should teach both languages.")
    for name in ("bella", "bashir", "lilit"):
        dialogue_actions.do_cast_vote(world.members[name], popular.pk, 1)
    dialogue_actions.do_cast_vote(world.bella, newest.pk, -1)
    dialogue_actions.do_cast_vote(world.bella, old.pk, -1)
    items = world.client("bashir").get(f"/api/v1/dialogues/{world.dialogue.slug}/translations/").json()["items"]
    assert [i["statement"]["id"] for i in items] == [popular.pk, old.pk, newest.pk]


def test_the_queue_holds_untranslated_disputed_and_the_other_sides_proposals(translators, armenian_statement):
    world, statement = translators, armenian_statement
    actions.do_propose_translation(world.bashir, statement.pk, "az", AZ_TEXT)
    actions.do_propose_translation(world.bashir, statement.pk, "ru", "Реки должны быть чистыми.")
    actions.do_dispute_translation(world.elvin, statement.pk, "ru", "Too loose.")

    def tasks(who: str) -> dict[str, str]:
        items = world.client(who).get(f"/api/v1/dialogues/{world.dialogue.slug}/translations/").json()["items"]
        item = next(i for i in items if i["statement"]["id"] == statement.pk)
        return {t["language"]: t["task"] for t in item["tasks"]}

    # Side A reviews side B's rendering; side B waits for that review, so it is not in B's queue.
    assert tasks("aysel") == {"az": "review", "ru": "disputed", "en": "translate"}
    assert tasks("bashir") == {"ru": "disputed", "en": "translate"}


def test_proposing_needs_a_translator_and_a_text(translators, armenian_statement):
    world, statement = translators, armenian_statement
    data = {"statement": statement.pk, "language": "az", "text": AZ_TEXT}
    assert post(world, "alice", "propose", data).status_code == 403
    refused = post(world, "bashir", "propose", {**data, "text": "  "})
    assert refused.status_code == 400 and "it is empty" in refused.content.decode()
    assert post(world, "bashir", "propose", {**data, "statement": "x"}).status_code == 400
    assert post(world, "bashir", "propose", {**data, "language": "de"}).status_code == 400
    assert not StatementTranslation.objects.filter(statement=statement).exists()
    done = post(world, "bashir", "propose", data)
    assert done.status_code == 302 and done["Location"].endswith(f"#statement-{statement.pk}")
    assert StatementTranslation.objects.get(statement=statement, language="az").translator == world.bashir


def test_reviewing_is_for_the_other_side(translators, armenian_statement):
    world, statement = translators, armenian_statement
    proposed = actions.do_propose_translation(world.bashir, statement.pk, "az", AZ_TEXT)
    data = {"statement": statement.pk, "language": "az", "version": proposed.seq}
    assert post(world, "lilit", "review", data).status_code == 403
    assert post(world, "alice", "review", data).status_code == 403
    assert post(world, "aysel", "review", {**data, "statement": "nine"}).status_code == 400
    assert post(world, "aysel", "review", {**data, "language": "ru"}).status_code == 404  # nothing to review
    assert post(world, "aysel", "review", data).status_code == 302
    assert StatementTranslation.objects.get(statement=statement, language="az").status == "reviewed"
    assert post(world, "elvin", "review", data).status_code == 400  # reviewed already


def test_disputing_needs_a_translator_or_moderator_and_a_reason(translators, armenian_statement):
    world, statement = translators, armenian_statement
    proposed = actions.do_propose_translation(world.bashir, statement.pk, "az", AZ_TEXT)
    data = {"statement": statement.pk, "language": "az", "reason": "Wrong word for river.", "version": proposed.seq}
    assert post(world, "alice", "dispute", data).status_code == 403
    refused = post(world, "aysel", "dispute", {**data, "reason": ""})
    assert refused.status_code == 400 and "Say what is wrong" in refused.content.decode()
    assert post(world, "aysel", "dispute", {**data, "reason": "x" * 501}).status_code == 400
    assert post(world, "aysel", "dispute", data).status_code == 302
    assert StatementTranslation.objects.get(statement=statement, language="az").status == "disputed"


def test_translators_are_appointed_by_their_sides_co_chair_or_organizer(world):
    grant = {"member": world.alice.pk, "languages": ["az", "hy"]}
    assert post(world, "alice", "appoint", grant).status_code == 403
    assert post(world, "gayane", "appoint", grant).status_code == 403  # the other side
    assert post(world, "farid", "appoint", {**grant, "languages": ["az"]}).status_code == 400
    assert post(world, "farid", "appoint", {**grant, "member": "someone"}).status_code == 400
    assert not Translator.objects.exists()
    assert post(world, "farid", "appoint", grant).status_code == 302
    assert Translator.objects.get(membership=world.alice).languages == ["az", "hy"]
    page = world.client("aynur").get(url(world, "queue")).content.decode()
    assert "Your side&#x27;s translators" in page or "Your side's translators" in page
    assert post(world, "aynur", "appoint", {"action": "withdraw", "member": world.alice.pk}).status_code == 302
    assert not Translator.objects.get(membership=world.alice).is_active
    assert world.client("alice").get(url(world, "queue")).status_code == 403


def test_writes_are_rate_limited(translators, armenian_statement, monkeypatch):
    monkeypatch.setattr(views, "WRITE_LIMIT", 1)
    world, statement = translators, armenian_statement
    data = {"statement": statement.pk, "language": "az", "text": AZ_TEXT}
    browser = world.client("bashir")
    assert browser.post(url(world, "propose"), data).status_code == 302
    assert browser.post(url(world, "propose"), {**data, "text": "Başqa mətn."}).status_code == 429
    assert StatementTranslation.objects.get(statement=statement, language="az").text == AZ_TEXT


@pytest.mark.parametrize("language", ["az", "hy", "ru"])
def test_the_queue_page_has_no_english_left(translators, armenian_statement, language):
    from tests.test_translations import english_patterns, leaks, raw_codes

    world = translators
    actions.do_propose_translation(world.bashir, armenian_statement.pk, "az", AZ_TEXT)
    patterns, codes = english_patterns(language), raw_codes()
    for who in ("aysel", "aynur"):
        client = world.client(who)
        client.cookies["django_language"] = language
        page = client.get(url(world, "queue")).content.decode()
        assert f'<html lang="{language}"' in page
        leaked = leaks(page, patterns, codes, language)
        assert leaked == [], (who, leaked)


def test_the_queue_takes_the_same_number_of_queries_however_many_statements(translators):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = translators

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert world.client("bashir").get(url(world, "queue")).status_code == 200
        return len(captured)

    for n in range(3):
        world.statement("alice", f"Statement number {n} about the river.")
    few = queries_for_page()
    for n in range(3, 9):
        actions.do_propose_translation(
            world.bashir, world.statement("bella", f"Պատնեշ {n}։", "hy").pk, "az", f"Bənd {n}."
        )
    assert queries_for_page() == few
