"""Every interface string exists in az, hy, ru and en, and every page renders in each language."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from parley.i18n import po_files

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["az", "hy", "ru"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|<[^>]+>")


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "parley" / "locale" / language / "LC_MESSAGES" / "django.po"))


def test_there_is_a_catalog_for_each_language():
    assert sorted(p.parts[-3] for p in po_files()) == sorted(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_and_none_is_fuzzy(language):
    po = catalog(language)
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder_and_tag(language):
    for entry in catalog(language).translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == expected, entry.msgid


def test_catalogs_hold_exactly_the_strings_of_the_source(tmp_path):
    """Extract the strings afresh from a copy of the code and compare with the committed catalogs."""
    if not shutil.which("xgettext"):
        if os.environ.get("PARLEY_STRICT_TESTS"):
            pytest.fail("PARLEY_STRICT_TESTS is set but GNU gettext (xgettext) is missing")
        pytest.skip("GNU gettext is not installed (apt-get install gettext); CI runs this test")
    copy = tmp_path / "parley"
    shutil.copytree(ROOT / "parley", copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "tests"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "DJANGO_SETTINGS_MODULE": "parley.settings"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "--no-obsolete", *[f"-l{code}" for code in LANGUAGES]],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    for language in LANGUAGES:
        fresh = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        committed = catalog(language)
        fresh_ids = {(e.msgctxt, e.msgid) for e in fresh if not e.obsolete}
        committed_ids = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
        assert fresh_ids - committed_ids == set(), f"{language}: strings missing from the catalog"
        assert committed_ids - fresh_ids == set(), f"{language}: strings no longer in the source"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "placeholder", "title") and value:
                self.chunks.append(value.strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(" ".join(data.split()))


def english_strings() -> set[str]:
    """Interface strings whose translation differs from the English, as they appear on a page."""
    return {
        e.msgid for e in catalog("ru") if e.msgid and not e.msgid_plural and "%(" not in e.msgid and "<" not in e.msgid
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", [*LANGUAGES, "en"])
def test_every_page_renders_in_each_language_with_no_english_left(world, language):
    from parley.analysis.tasks import analyse_now
    from parley.dialogues import actions

    statement = world.statement("alice", "Rivers connect us.")
    actions.do_cast_vote(world.bella, statement.pk, "agree")
    analyse_now(world.dialogue.pk)
    _invite, token = actions.do_create_invite(world.aynur, side_id=world.side_a.pk)
    slug = world.dialogue.slug
    pages = [
        (None, reverse("dialogues:home")),
        (None, reverse("login")),
        (None, reverse("dialogues:detail", args=[slug])),
        (None, reverse("dialogues:results", args=[slug])),
        (None, reverse("dialogues:signin", args=[slug])),
        (None, reverse("dialogues:join", args=[token])),
        (None, reverse("dialogues:join", args=["no-such-token"])),
        (None, "/no/such/page/"),
        ("alice", reverse("dialogues:vote", args=[slug])),
        ("alice", reverse("dialogues:write", args=[slug])),
        ("alice", reverse("dialogues:my_votes", args=[slug])),
        ("alice", reverse("dialogues:me", args=[slug])),
        ("alice", reverse("dialogues:welcome", args=[slug])),
        ("aynur", reverse("dialogues:manage", args=[slug])),
        ("aynur", reverse("dialogues:create")),
        ("aynur", reverse("dialogues:home")),
    ]
    english = english_strings()
    for who, url in pages:
        from django.test import Client

        client = world.client(who) if who else Client()
        client.cookies["django_language"] = language
        response = client.get(url)
        html = response.content.decode()
        assert f'<html lang="{language}" dir="ltr">' in html, url
        if language == "en":
            continue
        parser = _Text()
        parser.feed(html)
        with translation.override(language):
            leaked = [c for c in parser.chunks if c in english and translation.gettext(c) != c]
        assert leaked == [], (url, leaked)
