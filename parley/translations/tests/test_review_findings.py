"""Two review findings: an author's translation typed before the workflow (no translator) is still the
author's side's, so that side never reviews it; and a review or dispute names the version it read, so
a text changed since is never accepted unseen."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction

from parley.dialogues.access import ActionError
from parley.dialogues.models import Membership, Statement, StatementTranslation
from parley.ledger import log
from parley.ledger.models import RecordEntry
from parley.record.replay import replay
from parley.testing.personas import propose_and_approve
from parley.translations import actions, text_actions
from parley.translations.models import TextTranslation
from parley.translations.tests.conftest import AZ_TEXT, HY_TEXT
from parley.translations.tests.test_free_texts import BORDER, HY_NOTE
from parley.translations.tests.test_workflow import bundle_files, entries_of
from parley.translations.texts import GLOSSARY_NOTE

pytestmark = pytest.mark.django_db

STALE = "The translation changed since you opened the page; read it again."
STALE_IN = {
    "az": "Siz səhifəni açandan sonra tərcümə dəyişib; onu yenidən oxuyun.",
    "hy": "Թարգմանությունը փոխվել է էջը բացելուց հետո․ կարդացեք այն նորից։",
    "ru": "Перевод изменился после того, как вы открыли страницу; прочитайте его ещё раз.",
}
AZ_OTHER = "Çaylar hər iki tərəf üçün təmiz saxlanmalıdır."


def submit_as_before(member: Membership, text: str, language: str, translations: dict[str, str]) -> Statement:
    """A statement with its author's translations as the code before the workflow wrote it: the
    translations in `statement.submitted`, the rows with no translator and no seq (as migration 0011
    left them before its backfill named the author)."""
    with transaction.atomic():
        statement = Statement.objects.create(
            dialogue_id=member.dialogue_id, author=member, side_id=member.side_id, text=text, language=language
        )
        for code, translated in translations.items():
            StatementTranslation.objects.create(
                statement=statement, language=code, text=translated, source="author", status="proposed"
            )
        payload = {
            "statement": statement.pk,
            "text": log.Private(text),
            "language": language,
            "side": member.side.label,
            "seed": False,
            "translations": {code: log.Private(value) for code, value in translations.items()},
        }
        log.append(member.dialogue_id, "statement.submitted", payload, actor=member)
    return statement


def test_an_authors_translation_without_a_translator_is_reviewed_by_the_other_side_only(translators):
    world = translators
    statement = submit_as_before(world.bella, HY_TEXT, "hy", {"az": AZ_TEXT})
    assert StatementTranslation.objects.get(statement=statement, language="az").translator is None
    # Bashir is of Bella's side (B): the translation is theirs, not his to accept.
    with pytest.raises(PermissionDenied, match="reviewed by the other side"):
        actions.do_review_translation(world.bashir, statement.pk, "az", "")
    items = world.client("bashir").get(f"/api/v1/dialogues/{world.dialogue.slug}/translations/").json()["items"]
    assert all(t["task"] != "review" for i in items if i["statement"]["id"] == statement.pk for t in i["tasks"])
    reviewed = actions.do_review_translation(world.aysel, statement.pk, "az", "")
    assert (reviewed.status, reviewed.reviewer) == ("reviewed", world.aysel)
    az = replay(entries_of(world)).translations.current[(statement.pk, "az")]
    assert (az.provenance, az.status, az.side, az.reviewer) == ("author", "reviewed", "B", world.aysel.pk)
    bundle_files(world)  # verifies


def test_the_migration_names_the_author_as_the_translator_of_their_typed_translations(translators):
    world = translators
    statement = submit_as_before(world.bella, HY_TEXT, "hy", {"az": AZ_TEXT})
    StatementTranslation.objects.filter(statement=statement).update(source="human", status="proposed")
    migration = importlib.import_module("parley.dialogues.migrations.0011_translation_provenance_and_status")
    migration.author_translations(apps, None)
    row = StatementTranslation.objects.get(statement=statement, language="az")
    assert (row.source, row.status, row.translator) == ("author", "proposed", world.bella)


def test_a_review_of_a_text_changed_since_it_was_read_is_refused(translators, armenian_statement):
    world, statement = translators, armenian_statement
    first = actions.do_propose_translation(world.bashir, statement.pk, "az", AZ_TEXT).seq
    second = actions.do_propose_translation(world.bashir, statement.pk, "az", AZ_OTHER).seq
    entries = RecordEntry.objects.filter(dialogue=world.dialogue).count()
    with pytest.raises(ActionError, match="changed since you opened"):
        actions.do_review_translation(world.aysel, statement.pk, "az", first)
    with pytest.raises(ActionError, match="changed since you opened"):
        actions.do_dispute_translation(world.aysel, statement.pk, "az", "Wrong.", str(first))
    row = StatementTranslation.objects.get(statement=statement, language="az")
    assert (row.text, row.status, row.reviewer, row.disputed_by) == (AZ_OTHER, "proposed", None, None)
    assert RecordEntry.objects.filter(dialogue=world.dialogue).count() == entries
    reviewed = actions.do_review_translation(world.aysel, statement.pk, "az", str(second))
    assert (reviewed.status, reviewed.reviewer, reviewed.text) == ("reviewed", world.aysel, AZ_OTHER)


def test_the_queue_forms_carry_the_version_and_a_stale_or_missing_one_is_refused(translators, armenian_statement):
    world, statement = translators, armenian_statement
    slug = world.dialogue.slug
    first = actions.do_propose_translation(world.bashir, statement.pk, "az", AZ_TEXT).seq
    page = world.client("aysel").get(f"/d/{slug}/translations/").content.decode()
    assert page.count(f'name="version" value="{first}"') == 2  # the review form and the dispute form
    second = actions.do_propose_translation(world.bashir, statement.pk, "az", AZ_OTHER).seq
    data = {"statement": statement.pk, "language": "az"}
    for name, extra in (("review", {}), ("dispute", {"reason": "Wrong word."})):
        for version in ({"version": first}, {}, {"version": "x"}):
            refused = world.client("aysel").post(f"/d/{slug}/translations/{name}/", {**data, **extra, **version})
            assert refused.status_code == 400 and STALE in refused.content.decode()
    assert StatementTranslation.objects.get(statement=statement, language="az").status == "proposed"
    done = world.client("aysel").post(f"/d/{slug}/translations/review/", {**data, "version": second})
    assert done.status_code == 302
    assert StatementTranslation.objects.get(statement=statement, language="az").status == "reviewed"


def test_the_stale_message_is_translated(translators, armenian_statement):
    world, statement = translators, armenian_statement
    actions.do_propose_translation(world.bashir, statement.pk, "az", AZ_TEXT)
    data = {"statement": statement.pk, "language": "az", "version": "0"}
    for language, message in STALE_IN.items():
        refused = world.client("aysel").post(
            f"/d/{world.dialogue.slug}/translations/review/", data, HTTP_ACCEPT_LANGUAGE=language
        )
        assert refused.status_code == 400 and message in refused.content.decode()


def test_a_free_texts_review_of_a_text_changed_since_is_refused(translators):
    world = translators
    propose_and_approve(world.aynur, world.gayane, "glossary", BORDER)
    from parley.proposals.models import GlossaryTerm

    note = GlossaryTerm.objects.get(dialogue=world.dialogue)
    first = text_actions.do_propose_text_translation(world.bashir, GLOSSARY_NOTE, note.pk, "hy", HY_NOTE).seq
    second = text_actions.do_propose_text_translation(
        world.bashir, GLOSSARY_NOTE, note.pk, "hy", "Կողմերի համաձայնեցված սահմանը։"
    ).seq
    with pytest.raises(ActionError, match="changed since you opened"):
        text_actions.do_review_text_translation(world.aysel, GLOSSARY_NOTE, note.pk, "hy", first)
    with pytest.raises(ActionError, match="changed since you opened"):
        text_actions.do_dispute_text_translation(world.aysel, GLOSSARY_NOTE, note.pk, "hy", "Wrong.", first)
    row = TextTranslation.objects.get(kind=GLOSSARY_NOTE, object_id=note.pk, language="hy")
    assert (row.status, row.reviewer) == ("proposed", None)
    reviewed = text_actions.do_review_text_translation(world.aysel, GLOSSARY_NOTE, note.pk, "hy", str(second))
    assert (reviewed.status, reviewed.reviewer) == ("reviewed", world.aysel)
