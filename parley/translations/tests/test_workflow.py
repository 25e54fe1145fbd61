"""The translation workflow end to end: an Armenian statement rendered by an Armenian translator,
reviewed by an Azerbaijani one, disputed by either side, replayed from the record, carried and
verified in the bundle, and withdrawn with its statement."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied

from parley.checkpoints import actions as record_actions
from parley.dialogues import actions as dialogue_actions
from parley.dialogues.access import ActionError
from parley.dialogues.models import StatementTranslation
from parley.ledger.models import RecordEntry
from parley.ledger.openings import opened_entries
from parley.moderation import actions as moderation
from parley.publicrecord.export import export_bundle
from parley.record.replay import replay
from parley.record.verifier import verify_bundle
from parley.testing.personas import propose_and_approve
from parley.translations import actions
from parley.translations.models import TranslationVersion
from parley.translations.tests.conftest import AZ_TEXT, RU_TEXT

pytestmark = pytest.mark.django_db


def entries_of(world) -> list[dict]:
    return opened_entries(world.dialogue.pk, RecordEntry.objects.filter(dialogue=world.dialogue).order_by("seq"))


def bundle_files(world) -> dict[str, bytes]:
    record_actions.do_make_checkpoint(world.dialogue.pk)
    out = io.BytesIO()
    export_bundle(world.dialogue, out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    report = verify_bundle(io.BytesIO(out.getvalue()))
    assert report.ok, report.summary
    return files


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def translated(world, statement):
    """Bashir (side B) proposes the Azerbaijani and Russian renderings of Bella's Armenian statement."""
    az = actions.do_propose_translation(world.bashir, statement.pk, "az", AZ_TEXT)
    ru = actions.do_propose_translation(world.bashir, statement.pk, "ru", RU_TEXT)
    return az, ru


def test_an_armenian_statement_is_translated_by_side_b_and_reviewed_by_side_a(translators, armenian_statement):
    world, statement = translators, armenian_statement
    az, _ru = translated(world, statement)
    assert (az.source, az.status, az.translator, az.text) == ("human", "proposed", world.bashir, AZ_TEXT)
    reviewed = actions.do_review_translation(world.aysel, statement.pk, "az")
    assert (reviewed.status, reviewed.reviewer) == ("reviewed", world.aysel)
    # Aysel does not translate Russian; side A's moderator reviews that one.
    with pytest.raises(PermissionDenied):
        actions.do_review_translation(world.aysel, statement.pk, "ru")
    assert actions.do_review_translation(world.elvin, statement.pk, "ru").status == "reviewed"
    types = [e["type"] for e in entries_of(world)]
    assert types.count("translation.proposed") == 2 and types.count("translation.reviewed") == 2
    assert types.count("translator.granted") == 2


def test_nobody_reviews_their_own_sides_translation(translators, armenian_statement):
    world, statement = translators, armenian_statement
    translated(world, statement)
    for same_side in (world.lilit, world.gayane, world.bashir):
        with pytest.raises(PermissionDenied):
            actions.do_review_translation(same_side, statement.pk, "az")
    assert StatementTranslation.objects.get(statement=statement, language="az").status == "proposed"
    assert not RecordEntry.objects.filter(dialogue=world.dialogue, type="translation.reviewed").exists()


def test_either_side_can_dispute_a_translation_with_a_reason(translators, armenian_statement):
    world, statement = translators, armenian_statement
    translated(world, statement)
    actions.do_review_translation(world.aysel, statement.pk, "az")
    disputed = actions.do_dispute_translation(world.aysel, statement.pk, "az", "“təmiz” is too weak here.")
    assert (disputed.status, disputed.disputed_by, disputed.dispute_reason) == (
        "disputed",
        world.aysel,
        "“təmiz” is too weak here.",
    )
    # The side that made the other one disputes it too.
    assert actions.do_dispute_translation(world.lilit, statement.pk, "ru", "Wrong verb.").status == "disputed"
    with pytest.raises(ActionError):
        actions.do_dispute_translation(world.elvin, statement.pk, "ru", "  ")
    # A new rendering replaces the disputed one; the earlier text is kept.
    actions.do_propose_translation(world.bashir, statement.pk, "az", "Çaylar hər iki tərəf üçün tərtəmiz qalmalıdır.")
    assert TranslationVersion.objects.get(statement=statement, language="az").text == AZ_TEXT
    disputes = [e for e in entries_of(world) if e["type"] == "translation.disputed"]
    assert [(e["payload"]["side"], e["payload"]["reason"]) for e in disputes] == [
        ("A", "“təmiz” is too weak here."),
        ("B", "Wrong verb."),
    ]


def test_only_translators_of_both_languages_propose(translators, armenian_statement):
    world, statement = translators, armenian_statement
    with pytest.raises(PermissionDenied):
        actions.do_propose_translation(world.alice, statement.pk, "az", AZ_TEXT)  # not a translator
    with pytest.raises(PermissionDenied):
        actions.do_propose_translation(world.aysel, statement.pk, "ru", RU_TEXT)  # no Russian
    with pytest.raises(ActionError):
        actions.do_propose_translation(world.bashir, statement.pk, "hy", AZ_TEXT)  # its own language
    with pytest.raises(ActionError):
        actions.do_propose_translation(world.bashir, statement.pk, "az", "   ")
    assert not StatementTranslation.objects.filter(statement=statement).exists()


def test_translators_are_granted_and_withdrawn_by_their_own_side(world):
    with pytest.raises(PermissionDenied):
        actions.do_grant_translator(world.aynur, world.bashir.pk, ["az", "hy"])  # the other side's member
    with pytest.raises(PermissionDenied):
        actions.do_grant_translator(world.alice, world.aysel.pk, ["az", "hy"])  # a participant
    with pytest.raises(ActionError):
        actions.do_grant_translator(world.farid, world.aysel.pk, ["az"])  # one language
    actions.do_grant_translator(world.farid, world.aysel.pk, ["hy", "az"])
    actions.do_withdraw_translator(world.aynur, world.aysel.pk)
    with pytest.raises(ActionError):
        actions.do_withdraw_translator(world.aynur, world.aysel.pk)
    entries = [e for e in entries_of(world) if e["type"].startswith("translator.")]
    assert [(e["type"], e["payload"]["member"]) for e in entries] == [
        ("translator.granted", world.aysel.pk),
        ("translator.withdrawn", world.aysel.pk),
    ]
    assert entries[0]["payload"]["languages"] == ["az", "hy"]  # in the dialogue's order


def test_the_record_replays_the_translations(translators, armenian_statement):
    world, statement = translators, armenian_statement
    translated(world, statement)
    actions.do_review_translation(world.aysel, statement.pk, "az")
    actions.do_dispute_translation(world.elvin, statement.pk, "ru", "Wrong verb.")
    state = replay(entries_of(world))
    az, ru = state.translations.current[(statement.pk, "az")], state.translations.current[(statement.pk, "ru")]
    assert (az.text, az.provenance, az.status, az.side, az.translator, az.reviewer) == (
        AZ_TEXT,
        "human",
        "reviewed",
        "B",
        world.bashir.pk,
        world.aysel.pk,
    )
    assert (ru.status, ru.text) == ("disputed", RU_TEXT)
    assert set(state.translations.translators) == {world.bashir.pk, world.aysel.pk}


def test_a_same_side_review_forged_into_the_record_fails_the_replay(translators, armenian_statement):
    world, statement = translators, armenian_statement
    translated(world, statement)
    entries = entries_of(world)
    proposal = next(e for e in entries if e["type"] == "translation.proposed" and e["payload"]["language"] == "az")
    forged = {
        **entries[-1],
        "seq": entries[-1]["seq"] + 1,
        "type": "translation.reviewed",
        "payload": {
            "statement": statement.pk,
            "language": "az",
            "version": proposal["seq"],
            "member": world.lilit.pk,
            "side": "B",
        },
    }
    with pytest.raises(ValueError, match="reviewed by the other side"):
        replay([*entries, forged])


def test_the_bundle_carries_the_translations_and_verifies(translators, armenian_statement):
    world, statement = translators, armenian_statement
    translated(world, statement)
    actions.do_review_translation(world.aysel, statement.pk, "az")
    files = bundle_files(world)
    rows = {r["language"]: r for r in csv_rows(files["translations.csv"])}
    assert set(rows) == {"az", "ru"}
    assert (rows["az"]["provenance"], rows["az"]["status"], rows["az"]["side"], rows["az"]["text"]) == (
        "human",
        "reviewed",
        "B",
        AZ_TEXT,
    )
    assert rows["az"]["reviewer-id"] == str(world.aysel.pk)
    assert (rows["ru"]["status"], rows["ru"]["reviewer-id"]) == ("proposed", "")
    assert b"translations.csv" in files["README.md"]


def test_a_bundle_with_a_changed_translation_row_fails(translators, armenian_statement):
    world, statement = translators, armenian_statement
    translated(world, statement)
    files = bundle_files(world)
    files["translations.csv"] = files["translations.csv"].replace(b"proposed", b"reviewed", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    out.seek(0)
    report = verify_bundle(out)
    assert not report.ok and "translations.csv" in report.summary


def test_a_withdrawal_blanks_the_translations_too(translators, armenian_statement):
    world, statement = translators, armenian_statement
    translated(world, statement)
    actions.do_dispute_translation(world.aysel, statement.pk, "az", f"Not “{AZ_TEXT}”.")
    actions.do_propose_translation(world.bashir, statement.pk, "az", "Çaylar təmiz qalmalıdır.")
    moderation.do_hold(world.elvin, statement.pk, "personal_data", "A private address.")
    propose_and_approve(
        world.elvin,
        world.gayane,
        "remove_statement",
        {"statement": statement.pk, "rule": "personal_data", "reason": "A private address."},
    )
    assert not StatementTranslation.objects.filter(statement=statement).exclude(text="", dispute_reason="").exists()
    assert not TranslationVersion.objects.filter(statement=statement).exclude(text="").exists()
    withdrawn = next(e for e in entries_of(world) if e["type"] == "text.withdrawn")
    openings = withdrawn["payload"]["openings"]
    assert {path for _seq, path in openings} == {"payload/text", "payload/reason", "payload/payload/reason"}
    # The statement's and its translations' texts and the dispute's reason (5), then the moderators'
    # reasons, which may quote it: the hold's, the removal's and the removal proposal's.
    assert len(openings) == 5 + 3
    files = bundle_files(world)
    for name, content in files.items():
        for trace in (AZ_TEXT, RU_TEXT, "Çaylar təmiz"):
            assert trace.encode() not in content, f"{name} still holds {trace!r}"
    rows = csv_rows(files["translations.csv"])
    assert len(rows) == 2 and all(r["text"] == "" for r in rows)
    assert json.loads(files["record.jsonl"].splitlines()[0])["type"] == "dialogue.created"


def test_an_authors_translation_into_a_language_the_dialogue_lacks_is_dropped_and_the_record_replays(world):
    propose_and_approve(world.aynur, world.gayane, "settings", {"languages": ["az", "hy", "en"]})
    world.dialogue.refresh_from_db()
    world.alice.dialogue.refresh_from_db()
    statement = dialogue_actions.do_submit_statement(
        world.alice, "Open the archives.", "en", {"ru": "Откройте архивы.", "az": "Arxivləri açın."}
    )
    assert list(StatementTranslation.objects.filter(statement=statement).values_list("language", flat=True)) == ["az"]
    state = replay(entries_of(world))
    assert set(state.translations.current) == {(statement.pk, "az")}
