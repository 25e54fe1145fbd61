"""Issue 11's whole translation path, clicked through in a real browser: an Armenian participant writes,
the machine translates (the demo's labelled stand-in), side B's translator corrects the Azerbaijani
rendering, side A's translator reviews it, and readers in az, ru and en see the statement with its
provenance and the original one click away. Then the bundle carries it all and verifies."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from click.testing import CliRunner
from django.core.management import call_command
from playwright.sync_api import expect

from parley.cli import main
from parley.dialogues import actions
from parley.dialogues.models import Membership, Statement
from parley.testing.personas import build_world
from parley.translations.actions import do_grant_translator

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ARMENIAN = "Գյուղերի ջրի մասին որոշումները պետք է կայացվեն տեղի բնակիչների հետ միասին։"
AZERBAIJANI = "Kəndlərin suyu ilə bağlı qərarlar yerli sakinlərlə birlikdə qəbul edilməlidir."
RUSSIAN = "Решения о воде сёл должны приниматься вместе с местными жителями."
SLUG = "translated-talks"


def translator(world, chair: Membership, handle: str, language: str) -> str:
    """A member CHAIR's side appoints as translator; returns their return link's path."""
    _invite, token = actions.do_create_invite(chair, side_id=chair.side_id)
    member, return_token = actions.do_join(token, handle=handle, language=language)
    do_grant_translator(chair, member.pk, ["az", "hy", "ru", "en"])
    return f"/d/{SLUG}/r/{return_token}/"


def sign_in(page, url: str, return_path: str) -> None:
    """Come back by return link: the page asks to confirm who this browser acts as."""
    page.goto(f"{url}{return_path}")
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/r/"))


def test_an_armenian_statement_is_machine_translated_corrected_reviewed_and_read_with_its_provenance(
    live_server, new_page, settings, tmp_path
):
    settings.TRANSLATION_BACKEND = "demo"
    world = build_world(slug=SLUG)
    lala = translator(world, world.aynur, "Lala", "az")
    anahit = translator(world, world.gayane, "Anahit", "hy")
    url = live_server.url

    # 1. An Armenian participant of side B joins and writes a statement in Armenian.
    _invite, token = actions.do_create_invite(world.gayane, side_id=world.side_b.pk)
    _member, return_token = actions.do_join(token, handle="Tatev", language="hy")
    writer = new_page("hy")
    sign_in(writer, url, f"/d/{SLUG}/r/{return_token}/")
    writer.goto(f"{url}/d/{SLUG}/write/")
    writer.locator("textarea[name=text]").fill(ARMENIAN)
    writer.locator("form.stacked select[name=language]").select_option("hy")
    writer.locator("form.stacked button[type=submit]").click()
    expect(writer).to_have_url(re.compile(r"/vote/$"))
    statement = Statement.objects.get(text=ARMENIAN)
    assert statement.side == world.side_b and statement.language == "hy"

    # 2. The background worker machine-translates it into the dialogue's other languages.
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    machine = {t.language: t for t in statement.translations.all()}
    assert sorted(machine) == ["az", "en", "ru"]
    assert {t.source for t in machine.values()} == {"machine"} and machine["az"].backend == "demo"

    # 3. Side B's translator corrects the machine's Azerbaijani and Russian on their queue.
    anahit_page = new_page("hy")
    sign_in(anahit_page, url, anahit)
    anahit_page.goto(f"{url}/d/{SLUG}/translations/")
    for language, text in (("az", AZERBAIJANI), ("ru", RUSSIAN)):
        task = anahit_page.locator(f"#statement-{statement.pk} .translation-task").filter(
            has=anahit_page.locator(f"textarea[lang={language}]")
        )
        expect(task.locator("textarea")).to_have_value(machine[language].text)  # the machine's, to correct
        task.locator("textarea").fill(text)
        task.locator("button[type=submit]").last.click()
        expect(anahit_page.locator(".messages")).to_be_visible()

    # 4. Side A's translator reviews the Azerbaijani rendering on their own queue.
    lala_page = new_page("az")
    sign_in(lala_page, url, lala)
    lala_page.goto(f"{url}/d/{SLUG}/translations/")
    review = lala_page.locator(f"#statement-{statement.pk} .translation-task[data-task=review]")
    expect(review).to_have_count(2)  # the Azerbaijani and the Russian wait for side A
    review.filter(has=lala_page.locator("p[lang=az]")).locator("form[action$='/review/'] button").click()
    expect(lala_page.locator(".messages")).to_be_visible()
    current = {t.language: t for t in statement.translations.select_related("reviewer")}
    reviewer = current["az"].reviewer
    assert current["az"].status == "reviewed" and reviewer is not None and reviewer.handle == "Lala"
    assert current["ru"].status == "proposed" and current["en"].status == "machine"

    # 5. Readers see it in their language with its provenance, and the original in its own language.
    expected = {
        "az": (AZERBAIJANI, "Tərcümə edən: Anahit (B tərəfi), yoxlayan: Lala (A tərəfi)"),
        "ru": (RUSSIAN, "Перевёл(а) Anahit (Сторона Б), другая сторона ещё не проверила"),
        "en": (
            f"[demo machine translation hy→en] {ARMENIAN}",
            "Machine translation (the demo's stand-in translator, not a real translation)",
        ),
    }
    for language, (text, label) in expected.items():
        reader = new_page(language)
        reader.goto(f"{url}/d/{SLUG}/results/")
        reader.locator(f"#statement-{statement.pk} > details > summary").click()  # one line until opened
        shown = reader.locator(f"#statement-{statement.pk} .statement-body")
        expect(shown.locator(".statement-text")).to_have_text(text)
        expect(shown.locator(".statement-text")).to_have_attribute("lang", language)
        expect(shown.locator(".translation-label")).to_have_text(label)
        original = shown.locator("details.original")
        expect(original.locator("p[lang=hy]")).to_be_hidden()
        original.locator("summary").click()
        expect(original.locator("p[lang=hy]")).to_have_text(ARMENIAN)

    # 6. The bundle carries the machine, proposed and reviewed translations, and verifies.
    bundle = tmp_path / "bundle.zip"
    exported = CliRunner().invoke(main, ["export", SLUG, str(bundle)])
    assert exported.exit_code == 0, exported.output
    verified = CliRunner().invoke(main, ["verify", str(bundle)])
    assert verified.exit_code == 0 and verified.output.strip().endswith("all checks hold"), verified.output
    with zipfile.ZipFile(bundle) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("translations.csv").decode("utf-8"))))
        entries = archive.read("record.jsonl").decode("utf-8")
    mine = {r["language"]: r for r in rows if r["comment-id"] == str(statement.pk)}
    anahit_id, lala_id = (str(Membership.objects.get(handle=h).pk) for h in ("Anahit", "Lala"))
    assert (mine["az"]["provenance"], mine["az"]["status"], mine["az"]["side"]) == ("human", "reviewed", "B")
    assert (mine["az"]["translator-id"], mine["az"]["reviewer-id"], mine["az"]["text"]) == (
        anahit_id,
        lala_id,
        AZERBAIJANI,
    )
    assert mine["az"]["version"] == "2"  # the machine's text came first
    assert (mine["ru"]["provenance"], mine["ru"]["status"], mine["ru"]["text"]) == ("human", "proposed", RUSSIAN)
    assert (mine["en"]["provenance"], mine["en"]["status"], mine["en"]["backend"]) == ("machine", "machine", "demo")
    for kind, count in (("translation.machine", 3), ("translation.proposed", 2), ("translation.reviewed", 1)):
        found = re.findall(rf'"statement":{statement.pk},[^\n]*"type":"{re.escape(kind)}"', entries)
        assert len(found) == count, kind
