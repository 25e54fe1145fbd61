"""Rate limits count in the database, so every web process counts against the same limit."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from parley import ratelimit
from parley.ratelimit.limits import RateLimited, check_key_rate, count_attempt
from parley.ratelimit.models import RateCount


@pytest.fixture
def one_moment(monkeypatch):
    # Mid-minute, so that no test straddles two windows.
    monkeypatch.setattr("parley.ratelimit.limits.time.time", lambda: 1_800_000_030.0)


@pytest.mark.django_db
def test_attempts_are_counted_in_the_database_under_a_keyed_digest_of_what_is_counted(one_moment, settings):
    assert [count_attempt("signin:7:alice") for _ in range(3)] == [1, 2, 3]
    assert count_attempt("signin:7:bob") == 1
    rows = list(RateCount.objects.order_by("count"))
    assert [r.count for r in rows] == [1, 3]
    assert all(len(r.key) == 64 and "alice" not in r.key and "bob" not in r.key for r in rows)
    assert all(r.expires_at.timestamp() == 1_800_000_060 for r in rows)
    settings.SECRET_KEY = "another site's secret"
    assert count_attempt("signin:7:bob") == 1  # the same name under another key is another row


@pytest.mark.django_db
def test_past_the_limit_the_attempt_is_refused_and_a_new_window_forgets_ended_ones(one_moment):
    ratelimit._purged_slot.clear()  # this process has not yet counted in this window
    RateCount.objects.create(key="0" * 64, count=99, expires_at=timezone.now() - timedelta(seconds=1))
    for _ in range(5):
        check_key_rate("login:aynur", limit=5)
    with pytest.raises(RateLimited):
        check_key_rate("login:aynur", limit=5)
    assert not RateCount.objects.filter(key="0" * 64).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_processes_count_every_attempt_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write; PostgreSQL is where writers run side by side")
    errors: list[BaseException] = []

    def attempts() -> None:
        try:
            for _ in range(25):
                count_attempt("join:shared", window=3600)
        except BaseException as error:
            errors.append(error)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=attempts) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert count_attempt("join:shared", window=3600) == 101
