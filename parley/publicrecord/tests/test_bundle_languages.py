"""A bundle carries its README and summary in every language of the dialogue, and they verify."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from parley.publicrecord.tests.test_export_verify import bundle_of, co_signed
from parley.record.opendata import is_translated_file
from parley.record.verifier import verify_bundle

pytestmark = pytest.mark.django_db


def files_of(world) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle_of(world)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(files: dict[str, bytes]) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    out.seek(0)
    return out


def test_each_language_of_the_dialogue_has_its_readme_and_summary(world):
    co_signed(world)
    files = files_of(world)
    assert {
        "README.az.md",
        "README.hy.md",
        "README.ru.md",
        "summary.az.csv",
        "summary.hy.csv",
        "summary.ru.csv",
    } <= set(files)
    russian = files["README.ru.md"].decode()
    assert russian.startswith("# Открытые данные диалога Parley `river-talks`")
    assert "Стороны: Сторона А, Сторона Б." in russian and "## Проверка" in russian
    assert "- `README.hy.md`: Этот файл на другом языке: армянский." in russian
    assert "- `README.ru.md`: Этот файл." in russian
    rows = list(csv.reader(io.StringIO(files["summary.hy.csv"].decode())))
    assert rows[0] == ["բանալի", "բացատրություն", "արժեք"]
    assert ["topic", "Թեմա", "Գետի շուրջ զրույցներ"] in rows
    assert ["status", "Կարգավիճակ", "բաց"] in rows
    assert ["side-1-participants", "Բ կողմ՝ մասնակիցներ", "5"] in rows


def test_the_english_readme_and_summary_stay_as_bundles_always_had_them(world):
    co_signed(world)
    files = files_of(world)
    assert b"README.ru.md" not in files["README.md"]
    assert files["summary.csv"].startswith(b"topic,River talks\n")


def test_a_bundle_without_the_translations_still_verifies_but_a_changed_one_does_not(world):
    co_signed(world)
    files = files_of(world)
    older = {name: data for name, data in files.items() if not is_translated_file(name)}
    assert "README.ru.md" not in older and verify_bundle(zipped(older)).ok
    changed = {**files, "README.ru.md": files["README.ru.md"].replace("Проверка".encode(), "Подделка".encode())}
    report = verify_bundle(zipped(changed))
    assert not report.ok and "README.ru.md" in " ".join(report.problems)
