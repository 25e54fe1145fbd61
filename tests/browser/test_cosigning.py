"""Both co-chairs make keys in their own browsers and co-sign a checkpoint; no private key leaves them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from parley.checkpoints import actions as record_actions
from parley.checkpoints.models import CheckpointSignature, SigningKey
from parley.record import keys
from parley.testing.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("correct horse battery staple")
    page.locator("form.stacked button[type=submit]").click()
    expect(page.locator(".who")).to_have_text(username)


def test_co_chairs_sign_in_their_browsers_and_the_server_never_sees_a_private_key(live_server, new_page):
    world = build_world(slug="signed-talks")
    checkpoint = record_actions.do_make_checkpoint(world.dialogue.pk)
    bodies: list[str] = []
    pages = {}
    for name in ("aynur", "gayane"):
        page = new_page()
        page.on("request", lambda request: bodies.append(request.post_data or ""))
        log_in(page, live_server, f"{name}-signed-talks")
        page.goto(f"{live_server.url}/d/signed-talks/record/sign/")
        page.get_by_role("button", name="Make a new key in this browser").click()
        expect(page.locator("#registered-fingerprint")).to_have_text(re.compile("^[0-9a-f]{64}$"))
        expect(page.locator("#browser-key-status")).to_contain_text("✓")
        page.locator(f'[data-checkpoint="{checkpoint.pk}"] .sign-in-browser').click()
        expect(page.locator(".messages")).to_contain_text("checked and added")
        pages[name] = page

    roles = set(CheckpointSignature.objects.filter(checkpoint=checkpoint).values_list("role", flat=True))
    assert roles == {"server", "cochair-a", "cochair-b"}
    for name, page in pages.items():
        member = world.members[name]
        registered = SigningKey.objects.get(membership=member, revoked_at__isnull=True)
        # The private half, read back from the browser's own key store: it must appear in no request.
        jwk = page.evaluate(
            """slot => new Promise(resolve => {
                 const open = indexedDB.open("parley-keys", 1);
                 open.onsuccess = () => {
                   const get = open.result.transaction("keys").objectStore("keys").get(slot);
                   get.onsuccess = () => crypto.subtle.exportKey("jwk", get.result.privateKey).then(resolve);
                 };
               })""",
            f"signed-talks/{member.handle}",
        )
        private = keys.private_key_from_jwk(jwk)
        assert keys.public_key_raw(private) == bytes(registered.public_key)
        for body in bodies:
            assert jwk["d"] not in body and "PRIVATE" not in body and '"d"' not in body
