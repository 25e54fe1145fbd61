"""Free texts of the two sides are translated like statements: a hold's public reason written in
Azerbaijani is machine-translated for Armenian readers, a glossary note's translation is corrected by
side B and reviewed by side A, and the record replays it all."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from parley.dialogues.access import ActionError
from parley.ledger.models import RecordEntry
from parley.moderation import actions as moderation
from parley.record.replay import replay
from parley.testing.personas import propose_and_approve
from parley.translations import text_actions
from parley.translations.models import TextTranslation
from parley.translations.tests.test_workflow import bundle_files, entries_of
from parley.translations.text_tasks import translate_text
from parley.translations.texts import GLOSSARY_NOTE, HOLD_REASON

pytestmark = pytest.mark.django_db

AZ_REASON = "Qarşı tərəfi təhqir edir."
HY_NOTE = "Երկու կողմերի համաձայնեցված սահմանը։"
BORDER: dict[str, Any] = {
    "texts": {"en": "border", "ru": "граница", "az": "sərhəd", "hy": "սահման"},
    "note": {"az": "Hər iki tərəfin razılaşdığı xətt."},
}


@pytest.fixture(autouse=True)
def _reset_language():
    """A page read in Armenian leaves the thread's language active: later tests expect none."""
    yield
    translation.deactivate()


@pytest.fixture
def hold(translators):
    statement = translators.statement("alice", "Bad words.", "az")
    with translation.override("az"):
        return moderation.do_hold(translators.elvin, statement.pk, "insult", AZ_REASON)


@pytest.fixture
def note(translators):
    propose_and_approve(translators.aynur, translators.gayane, "glossary", BORDER)
    from parley.proposals.models import GlossaryTerm

    return GlossaryTerm.objects.get(dialogue=translators.dialogue)


def test_a_hold_reason_written_in_azerbaijani_is_machine_translated_and_shown_to_an_armenian_reader(
    translators, hold, libre
):
    assert hold.language == "az"
    assert translate_text.call(HOLD_REASON, hold.pk, "hy") == "translated"
    row = TextTranslation.objects.get(kind=HOLD_REASON, object_id=hold.pk, language="hy")
    assert (row.text, row.source, row.status, row.source_language) == (f"<hy> {AZ_REASON}", "machine", "machine", "az")
    page = translators.client("gayane").get(f"/d/{translators.dialogue.slug}/moderation/", HTTP_ACCEPT_LANGUAGE="hy")
    html = page.content.decode()
    assert f'lang="hy">&lt;hy&gt; {AZ_REASON}' in html
    assert "LibreTranslate" in html
    assert f'lang="az">{AZ_REASON}' in html  # the original, one click away


def test_a_failed_machine_translation_of_a_hold_reason_leaves_the_original_labelled(translators, hold, libre):
    libre.script = [(403, {"error": "Invalid API key"})]
    assert translate_text.call(HOLD_REASON, hold.pk, "hy") == "failed"
    assert TextTranslation.objects.get(kind=HOLD_REASON, object_id=hold.pk, language="hy").status == "failed"


def test_writing_a_hold_reason_enqueues_its_translations_on_commit(
    translators, settings, libre, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend: Any = translate_text.get_backend()
    backend.clear()
    statement = translators.statement("alice", "Bad words.", "az")
    with django_capture_on_commit_callbacks(execute=True), translation.override("az"):
        held = moderation.do_hold(translators.elvin, statement.pk, "insult", AZ_REASON)
    assert sorted(r.args[2] for r in backend.results if r.args[0] == HOLD_REASON) == ["en", "hy", "ru"]
    assert {r.args[1] for r in backend.results if r.args[0] == HOLD_REASON} == {held.pk}


def test_an_armenian_translator_corrects_a_glossary_note_and_an_azerbaijani_translator_reviews_it(
    translators, note, libre
):
    world = translators
    assert translate_text.call(GLOSSARY_NOTE, note.pk, "hy") == "translated"
    corrected = text_actions.do_propose_text_translation(world.bashir, GLOSSARY_NOTE, note.pk, "hy", HY_NOTE)
    assert (corrected.source, corrected.status, corrected.translator) == ("human", "proposed", world.bashir)
    with pytest.raises(PermissionDenied):
        text_actions.do_review_text_translation(world.bashir, GLOSSARY_NOTE, note.pk, "hy")
    reviewed = text_actions.do_review_text_translation(world.aysel, GLOSSARY_NOTE, note.pk, "hy")
    assert (reviewed.status, reviewed.reviewer) == ("reviewed", world.aysel)
    page = world.client("gayane").get(f"/d/{world.dialogue.slug}/glossary/", HTTP_ACCEPT_LANGUAGE="hy")
    html = page.content.decode()
    assert 'lang="hy">Երկու կողմերի համաձայնեցված <a' in html and "aysel" in html.lower()  # the term is marked
    # The record replays both texts, and the bundle verifies.
    state = replay(entries_of(world))
    recorded = state.translations.texts[(GLOSSARY_NOTE, note.pk, "hy")]
    assert (recorded.text, recorded.provenance, recorded.status, recorded.reviewer) == (
        HY_NOTE,
        "human",
        "reviewed",
        world.aysel.pk,
    )
    assert recorded.version == 2
    bundle_files(world)


def test_free_text_actions_refuse_what_the_rules_forbid(translators, note, hold):
    world = translators
    with pytest.raises(PermissionDenied):  # not a translator
        text_actions.do_propose_text_translation(world.alice, GLOSSARY_NOTE, note.pk, "hy", HY_NOTE)
    with pytest.raises(ActionError):  # the note is written in Azerbaijani already
        text_actions.do_propose_text_translation(world.bashir, GLOSSARY_NOTE, note.pk, "az", HY_NOTE)
    with pytest.raises(ActionError):
        text_actions.do_propose_text_translation(world.bashir, "statement.text", note.pk, "hy", HY_NOTE)
    with pytest.raises(ActionError):
        text_actions.do_propose_text_translation(world.bashir, HOLD_REASON, "x", "hy", HY_NOTE)
    with pytest.raises(ActionError):
        text_actions.do_propose_text_translation(world.bashir, HOLD_REASON, hold.pk, "hy", "   ")
    text_actions.do_propose_text_translation(world.bashir, HOLD_REASON, hold.pk, "hy", HY_NOTE)
    with pytest.raises(ActionError):
        text_actions.do_dispute_text_translation(world.elvin, HOLD_REASON, hold.pk, "hy", "")
    disputed = text_actions.do_dispute_text_translation(world.elvin, HOLD_REASON, hold.pk, "hy", "Wrong word.")
    assert disputed.status == "disputed"
    assert RecordEntry.objects.filter(dialogue=world.dialogue, type="translation.disputed").count() == 1


def test_a_free_text_translation_forged_by_the_same_side_fails_the_replay(translators, note):
    world = translators
    text_actions.do_propose_text_translation(world.bashir, GLOSSARY_NOTE, note.pk, "hy", HY_NOTE)
    entries = entries_of(world)
    forged = dict(entries[-1], seq=entries[-1]["seq"] + 1, type="translation.reviewed")
    forged["payload"] = {**{k: entries[-1]["payload"][k] for k in ("about", "object", "source", "language")}}
    forged["payload"].update(version=entries[-1]["seq"], member=world.lilit.pk, side="B")
    with pytest.raises(ValueError, match="reviewed by the other side"):
        replay([*entries, forged])


def test_the_queue_lists_a_glossary_note_and_its_forms_propose_and_review_it(translators, note):
    world = translators
    slug = world.dialogue.slug
    page = world.client("bashir").get(f"/d/{slug}/translations/")
    assert f'id="glossary-note-{note.pk}"' in page.content.decode()
    posted = world.client("bashir").post(
        f"/d/{slug}/translations/propose/",
        {"kind": GLOSSARY_NOTE, "statement": note.pk, "language": "hy", "text": HY_NOTE},
    )
    assert posted.status_code == 302
    version = TextTranslation.objects.get(kind=GLOSSARY_NOTE, object_id=note.pk, language="hy").seq
    assert f'name="version" value="{version}"' in world.client("aysel").get(f"/d/{slug}/translations/").content.decode()
    data = {"kind": GLOSSARY_NOTE, "statement": note.pk, "language": "hy", "version": version}
    refused = world.client("alice").post(f"/d/{slug}/translations/review/", data)
    assert refused.status_code == 403
    bad = world.client("aysel").post(f"/d/{slug}/translations/review/", {**data, "statement": "x"})
    assert bad.status_code == 400
    world.client("aysel").post(f"/d/{slug}/translations/review/", data)
    assert TextTranslation.objects.get(kind=GLOSSARY_NOTE, object_id=note.pk, language="hy").status == "reviewed"


def test_the_other_sides_moderator_reads_the_hold_reason_in_their_language_in_the_queue(translators, hold, libre):
    translate_text.call(HOLD_REASON, hold.pk, "hy")
    page = translators.client("lilit").get(
        f"/d/{translators.dialogue.slug}/moderation/queue/", HTTP_ACCEPT_LANGUAGE="hy"
    )
    html = page.content.decode()
    assert f'lang="hy">&lt;hy&gt; {AZ_REASON}' in html and f'lang="az">{AZ_REASON}' in html


def test_a_hold_reason_in_armenian_letters_is_recorded_as_armenian_whatever_the_moderators_language(translators):
    statement = translators.statement("bella", "Bad words.", "hy")
    with translation.override("en"):
        held = moderation.do_hold(translators.lilit, statement.pk, "insult", "Վիրավորում է մյուս կողմին։")
    assert held.language == "hy"
