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


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Not interface text: code, and what a person typed, shown back in a form.
SKIP = {"script", "style", "pre", "code", "template", "textarea"}


class _Text(HTMLParser):
    """The interface text a reader sees on a page in LANGUAGE: text nodes, and the attributes read aloud
    or shown, except inside an element marked as written in another language (a statement in its own
    language, a language's own name in the switcher)."""

    def __init__(self, language: str = "") -> None:
        super().__init__()
        self.language = language
        self.chunks: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, whether its text is not to be read)

    def _hidden(self) -> bool:
        return any(hidden for _tag, hidden in self._open)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        lang = values.get("lang")
        foreign = tag != "html" and lang is not None and self.language != "" and lang.split("-")[0] != self.language
        if not self._hidden() and not foreign:
            for name, value in attrs:
                if name in ("aria-label", "placeholder", "title", "alt") and value:
                    self.chunks.append(" ".join(value.split()))
            if tag == "input" and values.get("type") == "submit" and values.get("value"):
                self.chunks.append(str(values["value"]).strip())
        if tag not in VOID:
            self._open.append((tag, foreign or tag in SKIP))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        if not self._hidden() and data.strip():
            self.chunks.append(" ".join(data.split()))


_FORMAT = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}")
_TAG = re.compile(r"<[^>]+>")


def _pattern(fragment: str) -> re.Pattern[str] | None:
    """A regex for an English fragment as it would show on a page, its placeholders filled in."""
    fragment = " ".join(fragment.replace("%%", "%").split())
    words = len(re.findall(r"[A-Za-z]{2,}", _FORMAT.sub("", fragment)))
    if words == 0 or words < len(_FORMAT.findall(fragment)):
        return None  # mostly placeholders ("%(role)s of %(side)s."): it would match a participant's text
    parts = [re.escape(p) for p in _FORMAT.split(fragment)]
    return re.compile(".+?".join(parts), re.DOTALL)


def _fragments(msgid: str) -> list[str]:
    return [f.strip() for f in _TAG.split(msgid.replace("&amp;", "&")) if f.strip()]


def english_patterns(language: str) -> list[tuple[str, re.Pattern[str], bool]]:
    """Every English interface string (Parley's and Django's) that LANGUAGE translates, as page patterns.

    Each comes with whether to look for it inside longer text (strings of three words or more) or only
    as a whole text node (single words such as "Agree" could be part of a participant's English text).
    """
    ids: set[tuple[str | None, str, str, bool]] = set()
    for e in catalog(language):
        if e.msgid and e.translated():
            ids.add((e.msgctxt, e.msgid, e.msgid_plural, False))
    import django

    django_dir = Path(django.__path__[0])
    for po_path in [
        django_dir / "conf/locale/en/LC_MESSAGES/django.po",
        django_dir / "contrib/auth/locale/en/LC_MESSAGES/django.po",
    ]:
        for e in polib.pofile(str(po_path)):
            if e.msgid:
                ids.add((e.msgctxt, e.msgid, e.msgid_plural, True))
    patterns = []
    with translation.override(language):
        for context, msgid, plural, django_own in ids:
            if plural:
                shown = (
                    translation.npgettext(context, msgid, plural, 5)
                    if context
                    else translation.ngettext(msgid, plural, 5)
                )
                english = [msgid, plural]
            else:
                shown = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                english = [msgid]
            if shown in english and not django_own:
                continue  # Parley's string is the same in both languages ("Parley")
            for text in english:
                for fragment in _fragments(text):
                    pattern = _pattern(fragment)
                    if pattern is not None:
                        words = len(_FORMAT.sub("", fragment).split())
                        patterns.append((fragment, pattern, words >= 3))
    return patterns


def raw_codes() -> re.Pattern[str]:
    """Codes Parley stores or records, which readers must never see in place of a label."""
    from parley.dialogues.codes import ENTRY_TYPES
    from parley.dialogues.models import Membership

    roles = "|".join(Membership.Role.values)
    entry_types = "|".join(re.escape(t) for t in ENTRY_TYPES)
    return re.compile(
        rf"(?<![\w.])(?:{entry_types})(?![\w.])|\bcochair-[\w-]+|\bamendment \d+ accepted\b"
        rf"|^(?:{roles}|server|draft|open|closed|pending|approved|rejected|withdrawn|expired|visible|on_hold)$"
        rf"|\((?:[^()]*, )?(?:{roles})\)"
    )


def leaks(
    html: str, patterns: list[tuple[str, re.Pattern[str], bool]], codes: re.Pattern[str], language: str = "ru"
) -> list[str]:
    parser = _Text(language)
    parser.feed(html)
    found = []
    for chunk in parser.chunks:
        for fragment, pattern, inside in patterns:
            if (pattern.search(chunk) if inside else pattern.fullmatch(chunk)) is not None:
                found.append(f"English {fragment!r} in {chunk!r}")
        if codes.search(chunk):
            found.append(f"code in {chunk!r}")
    return found


def rich_world(world):
    """The personas' dialogue with something on every page: votes, an analysis, holds, flags, proposals,
    a joint statement with an accepted amendment, a glossary term, a policy and a signed checkpoint."""
    from parley.checkpoints import actions as record_actions
    from parley.dialogues import actions
    from parley.joint import actions as joint_actions
    from parley.joint.tests.joint_setup import TITLE, common_ground
    from parley.moderation import actions as moderation
    from parley.proposals import actions as governance
    from parley.testing.personas import propose_and_approve

    rivers, data, border = common_ground(world)
    joint = joint_actions.do_start_joint(world.aynur, TITLE, [rivers.pk, data.pk])
    amendment = joint_actions.do_propose_amendment(
        world.gayane, joint.pk, {"action": "edit", "clause": "1", "language": "ru", "text": "Обе стороны берегут реку."}
    )
    joint_actions.do_accept_amendment(world.aynur, joint.pk, amendment.pk)
    joint_actions.do_propose_amendment(world.narek, joint.pk, {"action": "remove", "clause": "2"})
    rude = world.statement("bella", "The other side are all liars and thieves.")
    moderation.do_flag(world.alice, rude.pk, "insult", "Calls us liars")
    moderation.do_hold(world.elvin, rude.pk, "insult", "Insults the other side")
    moderation.do_appeal(world.bella, rude.pk, "It is an opinion.")
    moderation.do_flag(world.bashir, border.pk, "off_topic")
    propose_and_approve(world.aynur, world.gayane, "glossary", {"texts": {"en": "shared water", "ru": "общая вода"}})
    governance.do_propose(world.gayane, "glossary", {"texts": {"hy": "ջրային տվյալներ"}})
    made = governance.do_propose(world.aynur, "glossary", {"texts": {"az": "sərhəd"}})
    governance.do_reject_proposal(world.gayane, made.proposal.pk, "Not yet.")
    record_actions.do_make_checkpoint(world.dialogue.pk, by=world.aynur)
    actions.do_cast_vote(world.alice, border.pk, "pass")
    meeting_in_person(world, rivers.pk)
    return joint


def meeting_in_person(world, statement_id: int) -> None:
    """A meeting with a statement and a topic on its agenda, the statement in a round, paper ballots,
    attendance and minutes."""
    from parley.meetings import actions as meetings

    meeting = meetings.do_create_meeting(world.farid, {"place": "Tbilisi", "starts_at": "2026-03-01 10:00"})
    meetings.do_add_agenda_item(world.farid, meeting.pk, {"kind": "statement", "statement": statement_id})
    meetings.do_add_agenda_item(world.narek, meeting.pk, {"kind": "topic", "topic": {"en": "Water data"}})
    meetings.do_advance(world.gayane, meeting.pk)
    meetings.do_start_round(world.gayane, meeting.pk, 120)
    meetings.do_enter_paper_votes(world.lilit, meeting.pk, statement_id, {"agree": 9, "disagree": 2})
    meetings.do_mark_attendance(world.farid, meeting.pk, [world.alice.pk])
    meetings.do_start_minutes(world.aynur, meeting.pk, {"en": "Notes of the Tbilisi round"}, "We met.", "en")


PAGES = [
    # (who, url name, arguments: "slug", "joint", "token")
    (None, "dialogues:home", []),
    (None, "login", []),
    (None, "dialogues:detail", ["slug"]),
    (None, "dialogues:results", ["slug"]),
    (None, "dialogues:signin", ["slug"]),
    (None, "dialogues:join", ["token"]),
    (None, "dialogues:join", ["no-such-token"]),
    (None, "publicrecord:record", ["slug"]),
    (None, "publicrecord:checkpoints", ["slug"]),
    (None, "moderation:log", ["slug"]),
    (None, "proposals:proposals", ["slug"]),
    (None, "joint:list", ["slug"]),
    (None, "joint:detail", ["slug", "joint"]),
    (None, "joint:versions", ["slug", "joint"]),
    (None, "/no/such/page/", []),
    ("alice", "dialogues:vote", ["slug"]),
    ("alice", "dialogues:write", ["slug"]),
    ("alice", "dialogues:my_votes", ["slug"]),
    ("alice", "dialogues:me", ["slug"]),
    ("alice", "dialogues:welcome", ["slug"]),
    ("alice", "dialogues:detail", ["slug"]),
    ("bella", "dialogues:my_votes", ["slug"]),
    ("bella", "joint:detail", ["slug", "joint"]),
    ("aynur", "dialogues:manage", ["slug"]),
    ("aynur", "dialogues:create", []),
    ("aynur", "dialogues:home", []),
    ("aynur", "dialogues:detail", ["slug"]),
    ("aynur", "proposals:proposals", ["slug"]),
    ("aynur", "joint:detail", ["slug", "joint"]),
    ("aynur", "joint:new", ["slug"]),
    ("aynur", "publicrecord:signing", ["slug"]),
    ("gayane", "proposals:proposals", ["slug"]),
    ("gayane", "joint:detail", ["slug", "joint"]),
    ("elvin", "moderation:queue", ["slug"]),
    ("lilit", "moderation:queue", ["slug"]),
    ("lilit", "moderation:log", ["slug"]),
    ("farid", "dialogues:manage", ["slug"]),
    ("gayane", "notifications:awaiting", ["slug"]),
    ("gayane", "notifications:settings", ["slug"]),
    ("elvin", "notifications:settings", ["slug"]),
    ("alice", "stand:stand", ["slug"]),
    ("farid", "seeds:upload", ["slug"]),
    (None, "meetings:list", ["slug"]),
    (None, "meetings:detail", ["slug", "meeting"]),
    ("aynur", "meetings:detail", ["slug", "meeting"]),
    ("aynur", "meetings:controls", ["slug", "meeting"]),
    ("lilit", "meetings:projector", ["slug", "meeting"]),
]


def page_urls(world, joint, token):
    from parley.meetings.models import Meeting

    meeting = Meeting.objects.filter(dialogue=world.dialogue).first()
    values = {"slug": world.dialogue.slug, "joint": joint.pk, "token": token, "meeting": meeting.pk if meeting else 0}
    for who, name, args in PAGES:
        url = name if name.startswith("/") else reverse(name, args=[values.get(a, a) for a in args])
        yield who, url


def form_errors(world, token, staff_token):
    """Pages showing form errors, Django's own messages among them."""
    slug = world.dialogue.slug
    weak = {"handle": "Weak", "language": "hy", "account-username": "weak", "account-password": "83920"}
    return [
        (None, reverse("dialogues:join", args=[staff_token]), {**weak, "account-password2": "83920"}),
        ("alice", reverse("dialogues:write", args=[slug]), {"text": "", "language": "az"}),
        ("alice", reverse("dialogues:write", args=[slug]), {"text": "Rivers connect all of us.", "language": "az"}),
        (None, reverse("dialogues:join", args=[token]), {"handle": "x" * 41, "language": "zz"}),
        (None, reverse("dialogues:signin", args=[slug]), {"handle": "", "passphrase": ""}),
        (None, reverse("login"), {"username": "nobody", "password": "wrong"}),
        ("aynur", reverse("dialogues:create"), {"languages": ["xx"]}),
        ("aynur", reverse("dialogues:manage", args=[slug]), {"max_uses": "0", "expires_in_days": "x"}),
        ("farid", reverse("seeds:upload", args=[slug]), {"action": "preview"}),
    ]


@pytest.mark.slow
@pytest.mark.django_db
def test_no_page_shows_english_or_a_raw_code_in_az_hy_or_ru(world):
    from django.test import Client

    from parley.dialogues import actions
    from parley.proposals import actions as governance

    joint = rich_world(world)
    _invite, token = actions.do_create_invite(world.aynur, side_id=world.side_a.pk)
    _invite, other_token = actions.do_create_invite(world.gayane, side_id=world.side_b.pk)
    made = governance.do_propose(world.gayane, "invite", {"role": "organizer"})
    governance.do_approve_proposal(world.aynur, made.proposal.pk)
    staff_token = made.extra
    codes = raw_codes()
    found = []
    for language in LANGUAGES:
        patterns = english_patterns(language)
        clients: dict[str | None, Client] = {}
        for who, url in page_urls(world, joint, token):
            client = clients.get(who) or clients.setdefault(who, world.client(who) if who else Client())
            client.cookies["django_language"] = language
            response = client.get(url)
            assert response.status_code in (200, 400, 404), (language, who, url, response.status_code)
            html = response.content.decode()
            assert f'<html lang="{language}" dir="ltr">' in html, url
            found += [f"{language} {who} {url}: {leak}" for leak in leaks(html, patterns, codes, language)]
        for who, url, data in form_errors(world, other_token, staff_token):
            client = clients.get(who) or clients.setdefault(who, world.client(who) if who else Client())
            client.cookies["django_language"] = language
            html = client.post(url, data).content.decode()
            found += [f"{language} {who} POST {url}: {leak}" for leak in leaks(html, patterns, codes, language)]
    assert found == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_page_declares_its_language(world, language):
    client = world.client("alice")
    client.cookies["django_language"] = language
    html = client.get(reverse("dialogues:write", args=[world.dialogue.slug])).content.decode()
    assert f'<html lang="{language}" dir="ltr">' in html


def test_the_leak_finder_sees_english_with_placeholders_django_strings_and_raw_codes():
    patterns = english_patterns("ru")
    codes = raw_codes()
    html = (
        "<p>Original (Armenian)</p><p>This field is required.</p><p>statement.submitted</p>"
        "<p>Bella (B, participant)</p><p><span>Сервер</span> cochair-az</p><p>Rivers connect us.</p>"
    )
    found = leaks(html, patterns, codes)
    assert any("Original (%(language)s)" in f for f in found)
    assert any("This field is required." in f for f in found)
    assert sum(f.startswith("code") for f in found) == 3
    assert not any("Rivers" in f for f in found)


def eager_lazy_strings(path: Path) -> list[int]:
    """Lines where a lazy string is formatted, joined or turned into text at import (outside a function)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    lazy = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name.endswith("_lazy")
    }

    def is_lazy(node: ast.AST) -> bool:
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in lazy

    def eager(node: ast.AST) -> bool:
        if isinstance(node, ast.BinOp):
            return isinstance(node.op, (ast.Mod, ast.Add)) and is_lazy(node.left)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            return is_lazy(node.func.value)  # _("...").format(...)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str":
            return any(is_lazy(arg) for arg in node.args)
        return isinstance(node, ast.FormattedValue) and is_lazy(node.value)

    lines: list[int] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue  # runs per request, in the reader's language
            if eager(child):
                lines.append(getattr(child, "lineno", 0))
            visit(child)

    visit(tree)
    return lines


def test_no_lazy_string_is_formatted_or_joined_at_import():
    """A lazy string formatted at import is frozen in the language of the moment: English."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in (ROOT / "parley").rglob("*.py")
        for line in eager_lazy_strings(path)
    ]
    assert offenders == []


def test_the_import_check_finds_a_help_text_formatted_at_import(tmp_path):
    sample = tmp_path / "forms.py"
    sample.write_text(
        "from django.utils.translation import gettext_lazy as _\n"
        "class F:\n    help = _('Up to %(n)d.') % {'n': 4}\n"
        "    def ok(self):\n        return _('Up to %(n)d.') % {'n': 4}\n"
    )
    assert eager_lazy_strings(sample) == [3]


def test_the_azerbaijani_pass_vote_is_neutral_not_a_crossing():
    az = catalog("az")
    assert [e.msgstr for e in az if e.msgid == "Pass"] == ["Bitərəf"]
    # "Keçid" is right for a link ("buraya keçid verir"), wrong for the vote: no "pass" says it.
    assert not [e.msgid for e in az if "keçid" in e.msgstr.lower() and re.search(r"\bpass", e.msgid, re.IGNORECASE)]


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "42% · 12,345"), ("az", "42% · 12.345"), ("ru", "42\xa0% · 12\xa0345")]
)
def test_pages_write_numbers_and_percentages_as_the_readers_language_does(language, shown):
    from django.template import Context, Template

    with translation.override(language):
        html = Template("{% load parley_i18n %}{{ 42|percent }} · {{ 12345|number }}").render(Context())
    assert html == shown


@pytest.mark.django_db
def test_the_delegations_are_listed_in_the_alphabetical_order_of_the_readers_language(world):
    from parley.dialogues.queries import delegations
    from parley.testing.personas import join, make_user

    for n, handle in enumerate(("Zaur", "İlqar", "Ismayıl", "Çinar")):
        join(world.aynur, world.side_a, handle, "moderator", user=make_user(f"moderator{n}"), approver=world.gayane)
    side_a = delegations(world.dialogue, "az")[0]
    moderators = [m["handle"] for m in side_a["members"] if m["role"] == "Moderator"]
    # In Azerbaijani, I (dotless) comes before İ, and Ç after C: not the order of code points or of English.
    assert moderators == ["Çinar", "Elvin", "Ismayıl", "İlqar", "Zaur"]


@pytest.mark.django_db
def test_the_switcher_names_each_language_as_it_names_itself_capitalised_and_marked(client):
    client.cookies["django_language"] = "ru"
    html = client.get(reverse("dialogues:home")).content.decode()
    for code, name in (("en", "English"), ("az", "Azərbaycanca"), ("hy", "Հայերեն"), ("ru", "Русский")):
        assert re.search(rf'<option value="{code}" lang="{code}" [^>]*>{name}</option>', html), code


@pytest.mark.django_db
def test_a_statements_language_is_named_in_the_readers_language(world):
    from parley.dialogues import actions

    actions.do_submit_statement(world.alice, "Çaylar bizim ümumi sərvətimizdir.", "az")
    client = world.client("bella")
    client.cookies["django_language"] = "ru"
    html = client.get(reverse("dialogues:results", args=[world.dialogue.slug])).content.decode()
    assert "Язык оригинала: азербайджанский" in html
    assert "Azərbaycanca" not in html.split("</select>", 1)[1]  # only the switcher names it so


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "12,345"), ("az", "12.345"), ("ru", "12\xa0345"), ("hy", "12\xa0345")],
)
def test_counts_in_sentences_are_written_as_the_readers_language_does(language, shown):
    from django.template.loader import render_to_string

    from parley.dialogues.figures import figures_view
    from parley.record.figures import Figures, SideFigures
    from parley.record.figures_texts import text

    figures = Figures((SideFigures("A", 40, 30, 12345, 13000),), 3, 0, 0)
    sides = [{"id": 1, "name": "A"}]
    with translation.override(language):
        html = render_to_string("dialogues/_figures.html", {"figures": figures_view(figures, sides, language)})
    assert f'{text(language, "current_votes")[0]}</abbr></dt><dd><strong><data value="12345">{shown}</data>' in html
