"""Guesses at passwords and passphrases are throttled per client and per account, and a stranger's
hammering never stops the owner signing in from a device they used before."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from parley.dialogues import actions
from parley.ratelimit.models import RateCount
from parley.ratelimit.signin_throttle import CLIENT_FAILURES, COOKIE, FREE_FAILURES, MAX_DELAY

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
STRANGER, OTHER_STRANGER, HOME = "203.0.113.9", "198.51.100.200", "192.0.2.33"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_030.0  # mid-window, so that no test straddles two windows by accident

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr("parley.ratelimit.limits.time.time", clock)
    monkeypatch.setattr("parley.ratelimit.signin_throttle.time.time", clock)
    return clock


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_stranger_hammering_a_co_chairs_account_cannot_stop_them_logging_in_from_their_device(world, clock):
    username = world.aynur.user.username
    owner = Client(REMOTE_ADDR=HOME)
    assert log_in(owner, username, PASSWORD).status_code == 302
    owner.post(reverse("logout"))
    stranger = Client(REMOTE_ADDR=STRANGER)
    statuses = [log_in(stranger, username, f"guess {i}").status_code for i in range(40)]
    assert statuses[-1] == 429  # the stranger is throttled
    assert log_in(owner, username, PASSWORD).status_code == 302  # the owner, on their own device, is not


def test_the_account_slows_unknown_devices_down_progressively_but_never_locks(world, clock):
    username = world.aynur.user.username
    stranger = Client(REMOTE_ADDR=STRANGER)
    for i in range(FREE_FAILURES):
        assert log_in(stranger, username, f"guess {i}").status_code == 200  # wrong, and told so
    waits = []
    for i in range(12):
        refused = log_in(stranger, username, f"guess {i}")
        assert refused.status_code == 429 and "Try again in" in refused.content.decode()
        wait = int(refused.content.decode().split("Try again in ")[1].split(" ")[0])
        waits.append(wait)
        clock.now += wait
        assert log_in(stranger, username, f"guess {i}").status_code == 200  # after the wait, one more try
    assert waits[:5] == [1, 2, 4, 8, 16] and max(waits) == MAX_DELAY
    # The owner on a new device waits as long, never longer, then logs in.
    newcomer = Client(REMOTE_ADDR=HOME)
    assert log_in(newcomer, username, PASSWORD).status_code == 429
    clock.now += MAX_DELAY
    assert log_in(newcomer, username, PASSWORD).status_code == 302


def test_failed_sign_ins_are_limited_per_client_address(world, clock):
    stranger = Client(REMOTE_ADDR=STRANGER)
    for i in range(CLIENT_FAILURES):
        assert log_in(stranger, f"nobody-{i}", "guess").status_code == 200
    refused = log_in(stranger, world.gayane.user.username, "guess")
    assert refused.status_code == 429 and "from your connection" in refused.content.decode()
    # Another client is not held back by the first one's failures.
    assert log_in(Client(REMOTE_ADDR=OTHER_STRANGER), world.gayane.user.username, "guess").status_code == 200
    assert log_in(Client(REMOTE_ADDR=OTHER_STRANGER), world.gayane.user.username, PASSWORD).status_code == 302


def test_a_stranger_hammering_a_pseudonym_cannot_stop_its_participant_signing_in(world, clock):
    actions.do_set_passphrase(world.alice, "the real passphrase")
    url = reverse("dialogues:signin", args=[world.dialogue.slug])
    alice = Client(REMOTE_ADDR=HOME)
    assert alice.post(url, {"handle": "Alice", "passphrase": "the real passphrase"}).status_code == 302
    alice.post(reverse("dialogues:leave", args=[world.dialogue.slug]))
    statuses = []
    for i in range(40):
        statuses.append(Client(REMOTE_ADDR=STRANGER).post(url, {"handle": "ALICE", "passphrase": f"guess {i}"}))
    assert statuses[-1].status_code == 429
    assert alice.post(url, {"handle": "Alice", "passphrase": "the real passphrase"}).status_code == 302
    # Other participants are untouched by the hammering of Alice's pseudonym, from other clients.
    actions.do_set_passphrase(world.aysel, "another passphrase")
    other = Client(REMOTE_ADDR=OTHER_STRANGER).post(url, {"handle": "Aysel", "passphrase": "another passphrase"})
    assert other.status_code == 302


def test_the_known_device_cookie_names_no_account_and_no_address_is_stored(world, clock):
    owner = Client(REMOTE_ADDR=HOME)
    log_in(owner, world.aynur.user.username, PASSWORD)
    assert "aynur" not in owner.cookies[COOKIE].value
    log_in(Client(REMOTE_ADDR=STRANGER), world.aynur.user.username, "guess")
    for row in RateCount.objects.all():
        assert STRANGER not in row.key and HOME not in row.key


def test_a_changed_password_makes_the_old_device_unknown(world, clock):
    username = world.aynur.user.username
    owner = Client(REMOTE_ADDR=HOME)
    log_in(owner, username, PASSWORD)
    owner.post(reverse("logout"))
    for i in range(FREE_FAILURES):
        log_in(Client(REMOTE_ADDR=STRANGER), username, f"guess {i}")
    user = world.aynur.user
    user.set_password("a brand new passphrase here")
    user.save()
    assert log_in(owner, username, "a brand new passphrase here").status_code == 429


def test_the_browser_where_a_participant_set_their_passphrase_is_one_of_their_devices(world, clock):
    alice = world.client("alice")
    me = reverse("dialogues:me", args=[world.dialogue.slug])
    assert alice.post(me, {"action": "passphrase", "passphrase": "the real passphrase"}).status_code == 302
    alice.post(reverse("dialogues:leave", args=[world.dialogue.slug]))
    url = reverse("dialogues:signin", args=[world.dialogue.slug])
    for i in range(30):
        Client(REMOTE_ADDR=STRANGER).post(url, {"handle": "Alice", "passphrase": f"guess {i}"})
    assert alice.post(url, {"handle": "Alice", "passphrase": "the real passphrase"}).status_code == 302


@pytest.mark.parametrize(
    ("meta", "proxy", "expected"),
    [
        ({"REMOTE_ADDR": "203.0.113.9"}, False, "203.0.113.9"),
        ({"REMOTE_ADDR": "2001:db8:1:2:aaaa::1"}, False, "2001:db8:1:2::/64"),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.9"}, True, "203.0.113.9"),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, False, "10.0.0.2"),
    ],
)
def test_the_client_is_counted_by_the_address_the_server_or_its_proxy_saw(rf, settings, meta, proxy, expected):
    from parley.ratelimit.signin_throttle import client_address

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if proxy else None
    assert client_address(rf.get("/", **meta)) == expected


@pytest.mark.parametrize("username", ["nul\x00byte", "x" * 5000, ""])
def test_a_hostile_user_name_gets_an_answer_not_an_error(world, clock, username):
    response = Client(REMOTE_ADDR=STRANGER).post(reverse("login"), {"username": username, "password": "guess"})
    assert response.status_code == 200
