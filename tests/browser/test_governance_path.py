"""The whole two-sided path in real browsers: moderation by both sides, then a joint statement from
common ground to ratification, checked at the end by `parley verify` on an exported bundle."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from parley.checkpoints import actions as record_actions
from parley.dialogues.models import Dialogue, Statement
from parley.joint.models import JointStatement
from parley.joint.tests.joint_setup import common_ground
from parley.publicrecord.export import export_bundle
from parley.testing.personas import build_world
from tests.browser.test_cosigning import log_in
from tests.browser.test_participant_path import invite_link, join

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "whole-path"
NEW_CLAUSE_RU = "Обе стороны каждый месяц публикуют данные о воде."


def test_flag_hold_agree_remove_then_a_joint_statement_from_common_ground_to_a_verified_ratification(
    live_server, new_page, tmp_path
):
    world = build_world(slug=SLUG)
    rivers, data, _border = common_ground(world)  # votes of both sides, analysed
    bad = world.statement("alice", "Call Rashad at home, his number is +994 50 000 00 00.")
    base = f"{live_server.url}/d/{SLUG}"

    def signed_in(name: str):
        page = new_page()
        log_in(page, live_server, f"{name}-{SLUG}")
        return page

    # --- Moderation: a participant of side B flags, side A holds, side B agrees, the statement is removed.
    sona = new_page()
    join(sona, invite_link(live_server, world.gayane), "Sona", "English")
    sona.goto(f"{base}/moderation/flag/?statement={bad.pk}")
    sona.locator("select[name=reason]").select_option("personal_data")
    sona.get_by_role("button", name="Flag").click()
    expect(sona.locator(".messages")).to_contain_text("moderators of both sides")

    elvin = signed_in("elvin")
    elvin.goto(f"{base}/moderation/queue/")
    flagged = elvin.locator(f"#flagged-{bad.pk}")
    flagged.locator("input[name=reason]").fill("A private person's phone number.")
    flagged.get_by_role("button", name="Put on hold").click()
    assert Statement.objects.get(pk=bad.pk).status == "on_hold"

    lilit = signed_in("lilit")
    lilit.goto(f"{base}/moderation/queue/")
    lilit.locator("#awaiting-us").get_by_role("button", name="Remove for good").click()
    assert Statement.objects.get(pk=bad.pk).status == "removed"
    lilit.goto(f"{base}/moderation/")
    expect(lilit.locator("main")).to_contain_text("A private person's phone number.")
    expect(lilit.locator("main")).not_to_contain_text("Sona")  # the flagger stays unknown

    # --- A joint statement: side A drafts it from the common ground.
    aynur = signed_in("aynur")
    aynur.goto(f"{base}/joint/new/")
    aynur.locator('input[name="title.en"]').fill("On the shared river")
    for statement in (rivers, data):
        aynur.locator(f'input[name=statements][value="{statement.pk}"]').check()
    aynur.get_by_role("button", name="Start the draft").click()
    expect(aynur).to_have_url(re.compile(r"/joint/\d+/$"))
    joint = JointStatement.objects.get(dialogue=world.dialogue)
    detail = f"{base}/joint/{joint.pk}/"

    # Side B amends one clause in Russian; side A accepts: version 2.
    gayane = signed_in("gayane")
    gayane.goto(detail)
    gayane.locator("#amend-edit summary").click()
    form = gayane.locator("#amend-edit")
    form.locator("select[name=clause]").select_option("1")
    form.locator("select[name=language]").select_option("ru")
    form.locator("textarea[name=text]").fill(NEW_CLAUSE_RU)
    form.get_by_role("button", name="Propose").click()
    aynur.goto(detail)
    aynur.get_by_role("button", name="Accept").click()
    expect(aynur.locator("main")).to_contain_text(NEW_CLAUSE_RU)

    # Side A proposes the final text with a participants' vote; side B approves the proposal.
    aynur.goto(detail)
    aynur.locator("input[name=participant_vote]").check()
    aynur.get_by_role("button", name="Propose version 2 as the final text").click()
    gayane.goto(f"{base}/proposals/")
    gayane.locator("#pending").get_by_role("button", name="Approve").click()
    expect(gayane.locator(".messages")).to_contain_text("Approved")

    # Participants of both sides vote on the final text.
    nigar = new_page()
    join(nigar, invite_link(live_server, world.aynur), "Nigar", "English")
    for page in (nigar, sona):
        page.goto(detail)
        page.get_by_role("button", name="I agree with the whole text").click()
        expect(page.locator(".messages")).to_be_visible()
    joint.refresh_from_db()
    assert joint.votes.filter(clause="", value=1).count() == 2

    # Both co-chairs sign the final text's bytes in their browsers: it is ratified.
    for page in (aynur, gayane):
        page.goto(f"{base}/record/sign/")
        page.get_by_role("button", name="Make a new key in this browser").click()
        expect(page.locator("#registered-fingerprint")).to_have_text(re.compile("^[0-9a-f]{64}$"))
        page.goto(detail)
        page.locator("#sign-form .sign-in-browser").click()
        expect(page.locator(".messages")).to_contain_text("checked and added")
    expect(gayane.locator("#joint-state")).to_have_text("Ratified")

    # The record up to now is checkpointed and co-signed by both co-chairs, in their browsers too.
    checkpoint = record_actions.do_make_checkpoint(world.dialogue.pk, by=world.aynur)
    for page in (aynur, gayane):
        page.goto(f"{base}/record/sign/")
        page.locator(f'[data-checkpoint="{checkpoint.pk}"] .sign-in-browser').click()
        expect(page.locator(".messages")).to_contain_text("checked and added")

    # Anyone can check it offline: export the bundle and run `parley verify` on it.
    bundle = tmp_path / "whole-path.zip"
    export_bundle(Dialogue.objects.get(slug=SLUG), bundle)
    verified = subprocess.run(
        [sys.executable, "-m", "parley.cli", "verify", str(bundle)], capture_output=True, text=True, check=False
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"joint statement {joint.pk} (version 2" in verified.stdout
    assert "ratified by both co-chairs" in verified.stdout
