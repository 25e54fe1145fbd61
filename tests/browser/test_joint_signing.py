"""Both co-chairs sign a finalised joint statement in their own browsers, and it shows as ratified."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from parley.joint.models import JointSignature, JointStatement
from parley.joint.tests.joint_setup import finalised
from parley.testing.personas import build_world
from tests.browser.test_cosigning import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_both_co_chairs_sign_the_final_text_in_their_browsers_and_it_is_ratified(live_server, new_page):
    world = build_world(slug="joint-talks")
    joint = finalised(world)
    bodies: list[str] = []
    page = None
    for name in ("aynur", "gayane"):
        page = new_page()
        page.on("request", lambda request: bodies.append(request.post_data or ""))
        log_in(page, live_server, f"{name}-joint-talks")
        page.goto(f"{live_server.url}/d/joint-talks/record/sign/")
        page.get_by_role("button", name="Make a new key in this browser").click()
        expect(page.locator("#registered-fingerprint")).to_have_text(re.compile("^[0-9a-f]{64}$"))
        page.goto(f"{live_server.url}/d/joint-talks/joint/{joint.pk}/")
        page.locator("#sign-form .sign-in-browser").click()
        expect(page.locator(".messages")).to_contain_text("checked and added")

    assert page is not None
    expect(page.locator("#joint-state")).to_have_text("Ratified")
    expect(page.locator("#signatures")).to_contain_text("Co-chair of Side A")
    expect(page.locator("#signatures")).to_contain_text("Co-chair of Side B")
    joint.refresh_from_db()
    assert joint.state == JointStatement.State.RATIFIED
    assert set(JointSignature.objects.filter(joint=joint).values_list("role", flat=True)) == {"cochair-a", "cochair-b"}
    assert all("PRIVATE" not in body and '"d"' not in body for body in bodies)
