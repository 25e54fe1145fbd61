"""Each side's webhook: signed JSON events delivered to a local server, once, retried after a failure,
shown on the settings page, never naming a participant; addresses checked against SSRF."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone

from parley.errors import ActionError, NotAllowed
from parley.notifications import actions
from parley.notifications.delivery import deliver_webhooks
from parley.notifications.models import Webhook
from parley.notifications.tests.scenes import busy
from parley.notifications.webhooks import check_url

pytestmark = pytest.mark.django_db
SECRET = "a secret of side B, long enough"


class Receiver:
    """An HTTP server on 127.0.0.1 that keeps what it is sent and answers STATUS."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.status = 204
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self) -> list[dict]:
        return [json.loads(body) for _headers, body in self.received]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True  # the test's server is on loopback
    found = Receiver()
    yield found
    found.close()


def test_side_b_gets_each_awaiting_item_as_a_signed_event_once(world, receiver):
    actions.do_register_webhook(world.gayane, receiver.url, SECRET)
    busy(world)
    assert deliver_webhooks() == 3
    assert deliver_webhooks() == 0  # a second run sends nothing twice
    for headers, body in receiver.received:
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["X-Parley-Signature"], expected)
        assert headers["Content-Type"] == "application/json"
    events = sorted(receiver.events(), key=lambda e: e["type"])
    assert [e["type"] for e in events] == ["appeal.awaiting", "hold.awaiting", "proposal.awaiting"]
    proposal = events[2]
    assert proposal["dialogue"] == "river-talks" and proposal["side"] == "B"
    assert proposal["deadline"] and proposal["link"].startswith("http://127.0.0.1:8000/d/river-talks/proposals/")
    for _headers, body in receiver.received:
        for private in (b"Alice", b"Bella", b"Gayane", b"Aynur", b"A statement side", b"about the rivers"):
            assert private not in body


def test_a_failed_delivery_is_shown_on_the_settings_page_and_retried_later(world, receiver):
    actions.do_register_webhook(world.gayane, receiver.url, SECRET)
    busy(world)
    receiver.status = 500
    now = timezone.now()
    assert deliver_webhooks(now=now) == 0
    hook = Webhook.objects.get(side=world.side_b)
    assert hook.failures == 1 and hook.retry_after == now + timedelta(minutes=1)
    page = world.client("gayane").get(reverse("notifications:settings", args=[world.dialogue.slug])).content.decode()
    assert "Delivery failed 1 time in a row" in page and "500" in page
    receiver.status = 204
    assert deliver_webhooks(now=now + timedelta(seconds=30)) == 0  # waits for its retry time
    assert deliver_webhooks(now=now + timedelta(minutes=2)) == 3
    hook.refresh_from_db()
    assert hook.failures == 0 and hook.last_success_at is not None


def test_a_delivery_times_out(world, settings):
    import socket

    settings.WEBHOOK_ALLOW_PRIVATE, settings.WEBHOOK_TIMEOUT = True, 1
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the connection, never answers
    try:
        actions.do_register_webhook(world.gayane, f"http://127.0.0.1:{silent.getsockname()[1]}/", SECRET)
        busy(world)
        assert deliver_webhooks() == 0
    finally:
        silent.close()
    assert "timed out" in Webhook.objects.get(side=world.side_b).last_failure


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/hook",  # loopback, and not https
        "https://127.0.0.1/hook",
        "https://10.0.0.8/hook",
        "https://192.168.1.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://localhost/hook",
        "ftp://example.org/hook",
        "https://user:pw@203.0.113.9/hook",
    ],
)
def test_private_addresses_and_plain_http_are_refused(url, settings):
    settings.WEBHOOK_ALLOW_PRIVATE, settings.DEBUG = False, False
    with pytest.raises(ActionError):
        check_url(url)


def test_in_debug_a_receiver_on_this_machine_is_allowed_but_not_the_private_network(settings):
    settings.WEBHOOK_ALLOW_PRIVATE, settings.DEBUG = False, True
    assert check_url("http://127.0.0.1:8001/hook") == "http://127.0.0.1:8001/hook"
    with pytest.raises(ActionError):
        check_url("http://10.0.0.8/hook")


def test_a_public_https_address_passes_the_check(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    assert check_url("https://8.8.8.8/hook") == "https://8.8.8.8/hook"


def test_only_a_co_chair_sets_their_sides_webhook(world, receiver):
    for who in ("lilit", "narek", "bella"):
        with pytest.raises(NotAllowed):
            actions.do_register_webhook(world.members[who], receiver.url, SECRET)
    url = reverse("notifications:settings", args=[world.dialogue.slug])
    response = world.client("lilit").post(url, {"what": "webhook", "url": receiver.url, "secret": SECRET})
    assert response.status_code == 403
    assert not Webhook.objects.exists()


def test_a_short_secret_is_refused(world, receiver):
    url = reverse("notifications:settings", args=[world.dialogue.slug])
    response = world.client("gayane").post(url, {"what": "webhook", "url": receiver.url, "secret": "short"})
    assert response.status_code == 400
    assert "The secret must be 16 to 200 characters long." in response.content.decode()
