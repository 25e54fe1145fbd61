"""The whole path, clicked through in a real browser by people of both sides."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from parley.dialogues import actions
from parley.dialogues.models import Membership, Statement, Vote
from parley.testing.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# A count of exactly one or zero in any language's wording ("1 agree", "Razı: 1"), never 10 or 11.
ONE = re.compile(r"^\D*1\D*$")
ZERO = re.compile(r"^\D*0\D*$")


def invite_link(live_server, inviter: Membership) -> str:
    _invite, token = actions.do_create_invite(inviter, side_id=inviter.side_id, max_uses=5)
    return f"{live_server.url}/join/{token}/"


def join(page, link: str, handle: str, language_label: str) -> None:
    page.goto(link)
    page.get_by_label(re.compile("pseudonym|təxəllüs|կեղծանուն|псевдоним", re.I)).fill(handle)
    page.locator("form.stacked select[name=language]").select_option(label=language_label)
    page.locator("form.stacked button[type=submit]").click()
    expect(page.locator("#return-link")).to_have_value(re.compile(r"/r/"))


def test_a_participant_of_each_side_joins_votes_writes_and_sees_the_other_side(live_server, new_page):
    world = build_world(slug="browser-talks")
    seed = world.statement("gayane", "Families of the missing have the right to know.")
    page_a, page_b = new_page("az"), new_page("hy")

    # 1. Join by invitation, with a pseudonym and a language; the return link is shown once.
    join(page_a, invite_link(live_server, world.aynur), "Nigar", "Azərbaycanca")
    join(page_b, invite_link(live_server, world.gayane), "Tatev", "Հայերեն")
    expect(page_a.locator("html")).to_have_attribute("lang", "az")
    expect(page_b.locator("html")).to_have_attribute("lang", "hy")
    assert Membership.objects.get(handle="Nigar").side == world.side_a
    assert Membership.objects.get(handle="Tatev").side == world.side_b

    # 2. Vote: the seed statement comes first; a vote by keyboard brings the next (none left).
    page_a.goto(f"{live_server.url}/d/browser-talks/vote/")
    expect(page_a.locator(".statement-text")).to_have_text(seed.text)
    page_a.keyboard.press("d")
    expect(page_a.locator("#vote-card .empty")).to_be_visible()
    nigar = Membership.objects.get(handle="Nigar")
    assert Vote.objects.get(membership=nigar, statement=seed).value == -1

    # 3. Write a statement (side A), and side B sees it appear and votes on it by button.
    page_a.goto(f"{live_server.url}/d/browser-talks/write/")
    page_a.locator("textarea[name=text]").fill("Kür çayının suyunu birlikdə ölçək.")
    page_a.locator("form.stacked select[name=language]").select_option("az")
    page_a.locator("form.stacked button[type=submit]").click()
    expect(page_a).to_have_url(re.compile(r"/vote/$"))
    written = Statement.objects.get(text="Kür çayının suyunu birlikdə ölçək.")
    assert written.side == world.side_a and written.language == "az"

    page_b.goto(f"{live_server.url}/d/browser-talks/vote/")
    page_b.get_by_role("button", name=re.compile("Agree|Համաձայն եմ")).click()  # the seed
    expect(page_b.locator(".statement-text")).to_have_text(written.text)
    page_b.keyboard.press("a")
    expect(page_b.locator("#vote-card .empty")).to_be_visible()
    tatev = Membership.objects.get(handle="Tatev")
    assert Vote.objects.get(membership=tatev, statement=written).value == 1

    # 4. My votes: every vote, changeable; side A changes its mind on the seed.
    page_a.goto(f"{live_server.url}/d/browser-talks/my-votes/")
    row = page_a.locator(f"#my-vote-{seed.pk}")
    expect(row.locator("[aria-pressed=true]")).to_have_attribute("value", "disagree")
    row.locator("button[value=agree]").click()
    expect(page_a.locator(f"#my-vote-{seed.pk} [aria-pressed=true]")).to_have_attribute("value", "agree")
    assert Vote.objects.get(membership=nigar, statement=seed).value == 1

    # 5. Results: per-side counts, side by side, updated for both sides' votes.
    page_a.goto(f"{live_server.url}/d/browser-talks/results/")
    result = page_a.locator(f"#statement-{written.pk}")
    sides = result.locator(".side-result")
    expect(sides).to_have_count(2)
    expect(sides.nth(0).locator(".counts .agree")).to_have_text(ONE)  # Nigar, the author
    expect(sides.nth(1).locator(".counts .agree")).to_have_text(ONE)  # Tatev
    seed_result = page_a.locator(f"#statement-{seed.pk} .side-result")
    expect(seed_result.nth(0).locator(".counts .agree")).to_have_text(ONE)  # Nigar's changed vote
    expect(seed_result.nth(0).locator(".counts .disagree")).to_have_text(ZERO)


def test_co_chairs_create_a_dialogue_invite_each_other_and_open_it_together(live_server, new_page, db):
    user = actions.do_create_account("aynur", "correct horse battery staple")
    assert user.pk
    page_a = new_page()
    page_a.goto(f"{live_server.url}/accounts/login/")
    page_a.locator("input[name=username]").fill("aynur")
    page_a.locator("input[name=password]").fill("correct horse battery staple")
    page_a.locator("form.stacked button[type=submit]").click()
    page_a.goto(f"{live_server.url}/new/")
    page_a.locator("input[name=title_en]").fill("Water we share")
    page_a.locator("input[name=title_az]").fill("Ortaq suyumuz")
    page_a.locator("input[name=side0_label]").fill("AZ")
    page_a.locator("input[name=side1_label]").fill("AM")
    page_a.locator("input[name=handle]").fill("Aynur")
    page_a.get_by_role("button", name="Create the dialogue").click()
    expect(page_a).to_have_url(re.compile(r"/d/water-we-share/manage/$"))

    # Invite the other side's co-chair: the only invitation a side may make for the other side.
    page_a.locator("#invite-first-cochair").get_by_role("button", name="Create the co-chair's invitation link").click()
    link = page_a.locator("#new-invite-link").input_value()

    page_b = new_page()
    page_b.goto(link)
    page_b.locator("input[name=handle]").fill("Gayane")
    page_b.locator("input[name=account-username]").fill("gayane")
    page_b.locator("input[name=account-password]").fill("another horse battery staple")
    page_b.locator("input[name=account-password2]").fill("another horse battery staple")
    page_b.get_by_role("button", name="Join the dialogue").click()
    # A co-chair of a draft lands on its setup checklist, where the other co-chair has now joined.
    expect(page_b).to_have_url(re.compile(r"/d/water-we-share/#setup$"))
    expect(page_b.locator("#setup-cochairs")).to_have_class(re.compile(r"\bdone\b"))

    # Side A proposes to open; side B approves; the dialogue is open.
    page_a.goto(f"{live_server.url}/d/water-we-share/proposals/")
    page_a.locator("#propose-status summary").click()
    page_a.locator("#propose-status").get_by_role("button", name="Propose").click()
    expect(page_a.locator(".messages")).to_contain_text("Proposed")
    page_b.goto(f"{live_server.url}/d/water-we-share/proposals/")
    page_b.locator("#pending").get_by_role("button", name="Approve").click()
    expect(page_b.locator(".messages")).to_contain_text("Approved")
    from parley.dialogues.models import Dialogue

    assert Dialogue.objects.get(slug="water-we-share").status == "open"
    page_b.goto(f"{live_server.url}/d/water-we-share/manage/")

    # Each co-chair invites their own side; side B's form offers side B only.
    options = page_b.locator("select[name=side] option")
    expect(options).to_have_count(1)
    page_b.locator("input[name=max_uses]").fill("100")
    page_b.get_by_role("button", name="Create an invitation link").click()
    participant_link = page_b.locator("#new-invite-link").input_value()
    page_c = new_page()
    join(page_c, participant_link, "Sona", "English")
    assert Membership.objects.get(handle="Sona").side.label == "AM"
