"""Every page type, as each role that sees it, in all four languages, on a 360 px phone: no serious or
critical WCAG 2.1 A/AA violation (axe-core) and no sideways scrolling.

One dialogue with every kind of content is built once for the module and shared by its tests (they only
read it, through the browser), and each role keeps one browser context per language.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import Client
from pytest_django.live_server_helper import LiveServer

from parley.analysis.tasks import analyse_now
from parley.checkpoints import actions as record_actions
from parley.dialogues import actions
from parley.joint.models import JointStatement
from parley.joint.tests.joint_setup import finalised
from parley.moderation import actions as moderation
from parley.proposals.models import Report
from parley.testing.personas import World, build_world, client_for, propose_and_approve
from parley.translations import actions as translation_actions
from tests.browser.audit import accessibility_violations, axe_source, describe, overflow_problems, unmarked_foreign_text

# The tests only read, through the browser; the world is committed once by the module's fixture, outside
# each test's transaction (a function-scoped live_server would empty the database after every test).
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]

LANGUAGES = ["en", "az", "hy", "ru"]
PHONE = {"width": 360, "height": 740}
SLUG = "audit-talks"


@dataclass
class Site:
    url: str
    world: World
    joint: JointStatement
    statements: dict[str, int]
    join_token: str
    return_token: str
    cookies: dict[str, str] = field(default_factory=dict)


def build_everything() -> tuple[World, JointStatement, dict[str, int]]:
    """A dialogue with statements in several languages, a held and a removed one, an open proposal, a
    finalised joint statement, a glossary term, a blocklist, a translator and a checkpoint."""
    world = build_world(slug=SLUG)
    joint = finalised(world)
    visible = world.statement("bella", "Գետի ափերը պետք է մաքրել միասին։", "hy")
    world.statement("aysel", "Çayın sahilləri birlikdə təmizlənməlidir.", "az")
    world.statement("bashir", "Берега реки надо чистить вместе.", "ru")
    held = world.statement("alice", "The other side never keeps its word.")
    moderation.do_hold(world.elvin, held.pk, "insult", "Insults the other side.")
    removed = world.statement("aysel", "My phone number is 050 123 45 67.")
    hold = moderation.do_hold(world.elvin, removed.pk, "personal_data", "Personal data.")
    moderation.do_decide_hold(world.lilit, hold.pk, "remove")
    propose_and_approve(
        world.aynur,
        world.gayane,
        "glossary",
        {
            "texts": {"en": "border", "ru": "граница", "az": "sərhəd", "hy": "սահման"},
            "note": {
                "en": "The line both sides agreed to call the border.",
                "ru": "Линия, которую обе стороны называют границей.",
            },
        },
    )
    propose_and_approve(world.elvin, world.gayane, "blocklist", {"language": "hy", "add": ["դավաճան"]})
    from parley.proposals import actions as governance

    governance.do_propose(
        world.gayane, "remove_statement", {"statement": held.pk, "rule": "insult", "reason": "Insults."}
    )
    translation_actions.do_grant_translator(world.gayane, world.bashir.pk, ["az", "hy", "ru"])
    actions.do_create_invite(world.aynur, side_id=world.side_a.pk, role="participant")
    record_actions.do_make_checkpoint(world.dialogue.pk)
    # A report both sides adopted: its frozen page.
    run = analyse_now(world.dialogue.pk)
    propose_and_approve(world.aynur, world.gayane, "report", {"run": run.pk})
    report = Report.objects.get(run=run)
    meeting = meeting_with_everything(world, visible.pk)
    # The ids the page paths name: statements, the report and the meeting.
    return (
        world,
        joint,
        {"held": held.pk, "removed": removed.pk, "visible": visible.pk, "report": report.pk, "meeting": meeting},
    )


def meeting_with_everything(world: World, statement_id: int) -> int:
    """A meeting with an agenda, a round on a statement, paper ballots, attendance and a join QR code."""
    from parley.meetings import actions as meetings

    meeting = meetings.do_create_meeting(world.farid, {"place": "Tbilisi", "starts_at": "2026-03-01 10:00"})
    meetings.do_add_agenda_item(world.farid, meeting.pk, {"kind": "statement", "statement": statement_id})
    meetings.do_add_agenda_item(world.narek, meeting.pk, {"kind": "topic", "topic": {"hy": "Ջրային տվյալներ"}})
    meetings.do_advance(world.gayane, meeting.pk)
    meetings.do_start_round(world.gayane, meeting.pk, 600)
    meetings.do_enter_paper_votes(world.lilit, meeting.pk, statement_id, {"agree": 9, "disagree": 2})
    meetings.do_mark_attendance(world.farid, meeting.pk, [world.alice.pk])
    _invite, token = actions.do_create_invite(world.farid, side_id=world.side_a.pk, role="participant")
    meetings.do_set_join_link(world.farid, meeting.pk, f"http://localhost/join/{token}/")
    return meeting.pk


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[Site]:
    # A server of the module's own: pytest-django's live_server would empty the database after each test.
    live_server = LiveServer("localhost")
    with django_db_blocker.unblock():
        try:
            world, joint, statements = build_everything()
            _invite, join_token = actions.do_create_invite(world.gayane, side_id=world.side_b.pk, role="participant")
            site = Site(
                url=live_server.url,
                world=world,
                joint=joint,
                statements=statements,
                join_token=join_token,
                return_token=actions.do_new_return_link(world.aysel),
            )
            admin = Client()
            admin.force_login(actions.do_create_account("site-admin", "correct horse battery staple", superuser=True))
            site.cookies["admin"] = admin.cookies["sessionid"].value
            for role, name in ROLE_MEMBERS.items():
                site.cookies[role] = client_for(world.members[name]).cookies["sessionid"].value
            # Playwright's event loop gives the teardown another context, so another connection: close
            # each where it was opened, or PostgreSQL will not drop the test database at the end.
            connections.close_all()
            yield site
        finally:
            live_server.stop()
            call_command("flush", interactive=False, verbosity=0)
            connections.close_all()


ROLE_MEMBERS = {
    "participant-a": "alice",
    "participant-b": "bella",
    "cochair": "aynur",
    "moderator": "elvin",
    "translator": "bashir",
}

D = f"/d/{SLUG}"
# Each role's pages: what it sees differently from the public, and the pages only it can open.
PAGES: dict[str, list[str]] = {
    "public": [
        "/",
        "/accounts/login/",
        f"{D}/",
        f"{D}/results/",
        f"{D}/record/",
        f"{D}/record/checkpoints/",
        f"{D}/reports/{{report}}/",
        f"{D}/proposals/",
        f"{D}/joint/",
        f"{D}/joint/{{joint}}/",
        f"{D}/joint/{{joint}}/versions/",
        f"{D}/joint/{{joint}}/statement.pdf",  # not ratified: its page, saying why there is no PDF yet
        f"{D}/glossary/",
        f"{D}/moderation/",
        f"{D}/meetings/",
        f"{D}/meetings/{{meeting}}/",
        f"{D}/signin/",
        "/join/{join_token}/",
        f"{D}/r/{{return_token}}/",
        "/join/not-a-real-invitation/",
        "/d/no-such-dialogue/",
    ],
    "participant-a": [
        f"{D}/",
        f"{D}/welcome/",
        f"{D}/me/",
        f"{D}/vote/",
        f"{D}/write/",
        f"{D}/my-votes/",
        f"{D}/me/stand/",
        f"{D}/results/",
        f"{D}/moderation/",
        f"{D}/moderation/appeal/{{held}}/",
        f"{D}/moderation/flag/?statement={{visible}}",
        f"{D}/joint/{{joint}}/",
        f"{D}/manage/",
    ],
    "participant-b": [f"{D}/vote/", f"{D}/write/", f"{D}/my-votes/"],
    "cochair": [
        "/",
        f"{D}/",
        f"{D}/manage/",
        f"{D}/manage/seeds/",
        f"{D}/proposals/",
        f"{D}/joint/new/",
        f"{D}/joint/{{joint}}/",
        f"{D}/record/sign/",
        f"{D}/moderation/",
        f"{D}/moderation/queue/",
        f"{D}/glossary/",
        f"{D}/translations/",
        f"{D}/awaiting/",
        f"{D}/notifications/",
        f"{D}/meetings/",
        f"{D}/meetings/{{meeting}}/",
        f"{D}/meetings/{{meeting}}/controls/",
        f"{D}/meetings/{{meeting}}/projector/",
    ],
    "moderator": [
        f"{D}/moderation/",
        f"{D}/moderation/queue/",
        f"{D}/awaiting/",
        f"{D}/notifications/",
        f"{D}/meetings/{{meeting}}/",
    ],
    "translator": [f"{D}/", f"{D}/translations/"],
    "admin": ["/", "/new/"],
}


def page_types() -> int:
    return len({path.split("?")[0] for paths in PAGES.values() for path in paths})


@pytest.fixture(scope="module")
def audit_log() -> Iterator[list[tuple[str, str, str, float]]]:
    log: list[tuple[str, str, str, float]] = []
    started = time.monotonic()
    yield log
    slowest = sorted(log, key=lambda load: -load[3])[:5]
    print(
        "\nslowest loads:",
        ", ".join(f"{path} as {role} in {language}: {took:.2f} s" for role, language, path, took in slowest),
    )
    print(
        f"audited {len(log)} loads: {page_types()} page types, {len(PAGES)} roles, {len(LANGUAGES)} languages "
        f"in {time.monotonic() - started:.1f} s"
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", list(PAGES))
def test_every_page_is_accessible_and_fits_a_phone(site, browser, audit_log, settings, role, language):
    axe = axe_source()
    host = site.url.split("//")[1].split(":")[0]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, host]
    context = browser.new_context(locale=language, viewport=PHONE)
    cookies = [{"name": "django_language", "value": language, "domain": host, "path": "/"}]
    if role in site.cookies:
        cookies.append({"name": "sessionid", "value": site.cookies[role], "domain": host, "path": "/"})
    context.add_cookies(cookies)
    context.add_init_script(axe)
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems = []
    try:
        for template in PAGES[role]:
            path = template.format(
                joint=site.joint.pk,
                **site.statements,
                join_token=site.join_token,
                return_token=site.return_token,
            )
            started = time.monotonic()
            page.goto(site.url + path)
            where = f"{path} as {role} in {language}"
            problems += overflow_problems(page, where)
            unmarked = unmarked_foreign_text(page)
            if unmarked:
                problems.append(f"{where} has text without its own lang: {unmarked}")
            violations = accessibility_violations(page)
            if violations:
                problems.append(describe(violations, where))
            audit_log.append((role, language, path, time.monotonic() - started))
    finally:
        context.close()
    assert not problems, "\n".join(problems)
