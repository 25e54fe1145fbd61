"""Seed statements from a CSV file: checked row by row in a preview, then added all in one transaction
(each with its translations and record entries, as one statement written on the page) or not at all."""

import base64
import json
import unicodedata

import pytest
from django.urls import reverse

from parley.dialogues.models import Statement, StatementTranslation
from parley.errors import ActionError, NotAllowed
from parley.ledger.models import RecordEntry
from parley.record.entries import STATEMENT_SUBMITTED, TRANSLATION_PROPOSED
from parley.seeds import csvfile
from parley.seeds.actions import do_add_seed_statements
from parley.seeds.queries import read_seed_file

pytestmark = pytest.mark.django_db

HEADER = "language,text,text_az,text_hy,text_ru,text_en\n"
GOOD = (
    HEADER
    + "az,Çaylar birgə izlənilməlidir.,,Գետերը պետք է համատեղ վերահսկվեն։,Реки должны контролироваться совместно.,"
    + "Rivers should be monitored jointly.\n"
    + 'hy,Հին քարտեզները պետք է կիսվեն։,Köhnə xəritələr paylaşılmalıdır.,,,"Old maps should be shared."\n'
    + "ru,Семьи пропавших заслуживают ответов.,,,,\n"
)


def csv_bytes(text: str, bom: bool = False) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def entry_types(world) -> list[str]:
    return list(RecordEntry.objects.filter(dialogue=world.dialogue).order_by("seq").values_list("type", flat=True))


def test_a_good_file_adds_every_row_as_a_seed_with_its_translations_and_entries(world):
    before = len(entry_types(world))
    added = do_add_seed_statements(world.farid, csv_bytes(GOOD))
    assert [s.language for s in added] == ["az", "hy", "ru"]
    assert all(s.is_seed and s.side_id == world.side_a.pk and s.author_id == world.farid.pk for s in added)
    translations = StatementTranslation.objects.filter(statement__in=added)
    assert translations.count() == 5
    assert {(t.source, t.translator_id) for t in translations} == {("author", world.farid.pk)}
    assert translations.get(statement=added[1], language="en").text == "Old maps should be shared."
    new = entry_types(world)[before:]
    assert new.count(STATEMENT_SUBMITTED) == 3 and new.count(TRANSLATION_PROPOSED) == 5


def test_one_bad_row_adds_nothing_and_the_error_names_the_row(world):
    bad = GOOD + "en,,,,,\n" + "en,Water is shared.,,,,\n"
    statements, entries = Statement.objects.count(), RecordEntry.objects.count()
    with pytest.raises(ActionError) as raised:
        do_add_seed_statements(world.farid, csv_bytes(bad))
    assert "Row 5" in raised.value.message and "empty" in raised.value.message
    assert (Statement.objects.count(), RecordEntry.objects.count()) == (statements, entries)


def test_a_failure_after_the_entries_are_written_rolls_back_every_row_and_entry(world, monkeypatch):
    from parley.ledger import log

    real = log.append_many

    def writes_then_fails(*args, **kwargs):
        real(*args, **kwargs)
        raise ActionError("the database said no")

    monkeypatch.setattr(log, "append_many", writes_then_fails)
    statements, entries = Statement.objects.count(), RecordEntry.objects.count()
    translations = StatementTranslation.objects.count()
    with pytest.raises(ActionError, match=r"Nothing was added\. the database said no"):
        do_add_seed_statements(world.farid, csv_bytes(GOOD))
    assert (Statement.objects.count(), RecordEntry.objects.count()) == (statements, entries)
    assert StatementTranslation.objects.count() == translations


def test_a_row_refused_while_writing_is_named_by_its_row_and_nothing_is_added(world, monkeypatch):
    from parley.seeds import queries

    # The preview saw no duplicate; someone wrote the third row's statement since.
    monkeypatch.setattr(queries, "_existing_keys", lambda dialogue: {})
    world.statement("aynur", "Семьи пропавших заслуживают ответов.", language="ru")
    statements, entries = Statement.objects.count(), RecordEntry.objects.count()
    with pytest.raises(ActionError, match=r"Nothing was added\. Row 4: This statement is already in the dialogue\."):
        do_add_seed_statements(world.farid, csv_bytes(GOOD))
    assert (Statement.objects.count(), RecordEntry.objects.count()) == (statements, entries)


def test_the_entries_come_in_the_order_of_statements_written_one_by_one(world):
    before = len(entry_types(world))
    do_add_seed_statements(world.farid, csv_bytes(GOOD))
    submitted, translated, vote = STATEMENT_SUBMITTED, TRANSLATION_PROPOSED, "vote.cast"
    assert entry_types(world)[before:] == [
        *[submitted, translated, translated, translated, vote],
        *[submitted, translated, translated, vote],
        *[submitted, vote],
    ]


def test_a_file_with_a_byte_order_mark_reads_as_one_without(world):
    with_bom = read_seed_file(world.dialogue, csv_bytes(GOOD, bom=True))
    assert with_bom.ok and [r.text for r in with_bom.rows] == [
        r.text for r in read_seed_file(world.dialogue, csv_bytes(GOOD)).rows
    ]


def test_texts_are_stored_in_nfc(world):
    decomposed = unicodedata.normalize("NFD", "Şəhərlər arasında avtobus xətti açılmalıdır.")
    translation = unicodedata.normalize("NFD", "Между городами нужен автобус и ёлки.")
    (statement,) = do_add_seed_statements(world.farid, csv_bytes(f"{HEADER}az,{decomposed},,,{translation},\n"))
    assert statement.text == unicodedata.normalize("NFC", decomposed) != decomposed
    assert statement.translations.get(language="ru").text == unicodedata.normalize("NFC", translation)


def test_azerbaijani_capitals_with_dotted_and_dotless_i_are_duplicates(world):
    existing = world.statement("aynur", "İnsanlar sərhədi sərbəst keçə bilməlidir.", language="az")
    world.statement("aynur", "Sərhəd bağlı qalmalıdır.", language="az")
    found = read_seed_file(
        world.dialogue,
        csv_bytes(HEADER + "az,İNSANLAR SƏRHƏDİ SƏRBƏST KEÇƏ BİLMƏLİDİR.,,,,\naz,SƏRHƏD BAĞLI QALMALIDIR.,,,,\n"),
    )
    assert not found.ok
    assert f"number {existing.pk}" in found.rows[0].errors[0]
    assert "already has this statement" in found.rows[1].errors[0]


def test_a_duplicate_of_a_statement_a_translation_or_an_earlier_row_is_refused(world):
    written = world.statement("alice", "Rivers need joint monitoring.")
    do_add_seed_statements(world.farid, csv_bytes(GOOD))
    found = read_seed_file(
        world.dialogue,
        csv_bytes(
            HEADER
            + "en,rivers need JOINT monitoring.,,,,\n"  # the statement, in other capitals
            + "en,Old maps should be shared.,,,,\n"  # a translation of a seed added above
            + "en,Schools should teach both languages.,,,,\n"
            + "en,Schools should teach both  languages.,,,,\n"  # row 4 again, but for a space
        ),
    )
    problems = [row.errors for row in found.rows]
    assert f"number {written.pk}" in problems[0][0]
    assert "already has this statement" in problems[1][0]
    assert problems[2] == [] and problems[3] == ["Row 4 has the same statement."]


def test_too_many_rows_or_bytes_refuse_the_whole_file(world):
    rows = "".join(f"en,Statement number {i}.,,,,\n" for i in range(csvfile.MAX_ROWS + 1))
    found = read_seed_file(world.dialogue, csv_bytes(HEADER + rows))
    assert found.rows == [] and f"at most {csvfile.MAX_ROWS}" in found.errors[0]
    huge = read_seed_file(world.dialogue, csv_bytes(HEADER) + b" " * csvfile.MAX_BYTES)
    assert "KiB" in huge.errors[0]
    with pytest.raises(ActionError, match="Nothing was added"):
        do_add_seed_statements(world.farid, csv_bytes(HEADER + rows))


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("xx,Some statement.,,,,", "Unknown language “xx”"),
        ("en," + "long " * 100 + ",,,,", "at most 400 characters"),
        ("en,Some statement.,,,,Another text", "leave the column text_en empty"),
        ("en,Some statement.,,,,,extra", "more cells than the header"),
        ("en,Some statement.,,," + "слишком " * 60 + ",", "Translation (ru)"),
    ],
)
def test_each_bad_row_gets_a_clear_problem(world, line, problem):
    found = read_seed_file(world.dialogue, csv_bytes(HEADER + line + "\n"))
    assert not found.ok and problem in " ".join(found.rows[0].errors)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"language,text\n\xff\xfe,x\n", "not UTF-8"),
        (b"", "empty"),
        (b"lang,statement\nen,x\n", "Unknown column"),
        (b"language,language,text\n", "appears twice"),
        (b"text_en\nHello\n", "“language” is missing"),
        (b"language,text\n", "no statements"),
    ],
)
def test_an_unusable_file_says_why(world, data, problem):
    found = read_seed_file(world.dialogue, data)
    assert found.rows == [] and problem in found.errors[0]


def test_semicolon_separated_files_from_spreadsheets_are_read(world):
    found = read_seed_file(world.dialogue, csv_bytes("language;text;text_ru\nen;Bridges, roads and rails.;Мосты.\n"))
    assert (
        found.ok
        and found.rows[0].text == "Bridges, roads and rails."
        and found.rows[0].translations == {"ru": "Мосты."}
    )


def test_only_cochairs_and_organizers_add_seeds(world):
    for name in ("alice", "elvin", "outsider"):
        with pytest.raises((NotAllowed, ActionError)):
            do_add_seed_statements(world.members[name], csv_bytes(GOOD))
    (statement,) = do_add_seed_statements(world.gayane, csv_bytes(HEADER + "hy,Երկու կողմերն էլ պետք է լսեն։,,,,\n"))
    assert statement.is_seed and statement.side_id == world.side_b.pk


def test_the_page_previews_then_confirms(world):
    client = world.client("farid")
    url = reverse("seeds:upload", args=[world.dialogue.slug])
    upload = csvfile_upload(GOOD)
    page = client.post(url, {"action": "preview", "file": upload})
    html = page.content.decode()
    assert page.status_code == 200 and "3 statements are ready to add, with 5 translations." in html
    assert Statement.objects.filter(dialogue=world.dialogue).count() == 0  # a preview writes nothing
    data = base64.b64encode(csv_bytes(GOOD)).decode()
    assert f'value="{data}"' in html
    done = client.post(url, {"action": "confirm", "data": data}, follow=True)
    assert "3 seed statements added." in done.content.decode()
    assert Statement.objects.filter(dialogue=world.dialogue, is_seed=True).count() == 3


def test_the_page_names_bad_rows_and_offers_no_confirm_button(world):
    page = world.client("farid").post(
        reverse("seeds:upload", args=[world.dialogue.slug]),
        {"action": "preview", "file": csvfile_upload(HEADER + "en,Fine.,,,,\nde,Gut.,,,,\n")},
    )
    html = page.content.decode()
    assert page.status_code == 400 and "1 row has a problem" in html and "Unknown language “de”" in html
    assert 'value="confirm"' not in html


def test_a_participant_and_the_public_cannot_open_the_page(world, client):
    url = reverse("seeds:upload", args=[world.dialogue.slug])
    assert world.client("alice").get(url).status_code == 403
    assert client.get(url).status_code == 403
    assert world.client("narek").get(url).status_code == 200


def test_the_template_is_utf8_with_a_bom_and_the_dialogues_columns(world):
    response = world.client("farid").get(reverse("seeds:template", args=[world.dialogue.slug]))
    assert response.content.startswith(b"\xef\xbb\xbf")
    columns = ["language", "text", *(f"text_{code}" for code in world.dialogue.languages)]
    assert response.content.decode("utf-8-sig").strip() == ",".join(columns)
    assert read_seed_file(world.dialogue, response.content).errors == ["The file has a header but no statements."]


def test_uploads_are_rate_limited(world):
    client = world.client("farid")
    url = reverse("seeds:upload", args=[world.dialogue.slug])
    statuses = [client.post(url, {"action": "preview", "file": csvfile_upload(GOOD)}).status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 400
    assert "very fast" in client.post(url, {"action": "preview", "file": csvfile_upload(GOOD)}).content.decode()


def csvfile_upload(text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("seeds.csv", csv_bytes(text), content_type="text/csv")


def test_the_record_entries_carry_the_organizer_as_actor(world):
    (statement,) = do_add_seed_statements(world.farid, csv_bytes(HEADER + "en,Trains should run again.,,,Поезда.,\n"))
    entries = [
        json.loads(bytes(data))
        for data in RecordEntry.objects.filter(dialogue=world.dialogue, type=TRANSLATION_PROPOSED).values_list(
            "data", flat=True
        )
    ]
    assert entries[-1]["payload"]["statement"] == statement.pk and entries[-1]["payload"]["provenance"] == "author"


def test_the_record_of_a_file_replays_to_its_statements_and_votes(world):
    from parley.ledger.openings import opened_entries
    from parley.record.replay import replay

    added = do_add_seed_statements(world.farid, csv_bytes(GOOD))
    rows = RecordEntry.objects.filter(dialogue=world.dialogue).order_by("seq")
    state = replay(opened_entries(world.dialogue.pk, rows))
    assert {s.pk for s in added} <= set(state.statements)
    assert {s.pk: state.statements[s.pk].text for s in added} == {s.pk: s.text for s in added}
    assert {(v.member, v.statement) for v in state.votes} >= {(world.farid.pk, s.pk) for s in added}


def test_the_upload_refuses_a_post_without_a_csrf_token(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.farid.user)
    response = client.post(
        reverse("seeds:upload", args=[world.dialogue.slug]), {"action": "preview", "file": csvfile_upload(GOOD)}
    )
    assert response.status_code == 403
