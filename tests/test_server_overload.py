"""The server under overload (parley/server.py): a bounded queue, 503 + Retry-After for the excess,
no work for clients that have gone, and a server that answers again as soon as a flood ends."""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest

from parley import server
from parley.server import SheddingWorker, WaitingRoom, busy_response, client_gone, visitor_language
from parley.testing.flood import flood, get


def test_the_waiting_room_admits_requests_up_to_its_limit_and_again_once_one_leaves():
    room = WaitingRoom(2)
    assert room.admit() and room.admit()
    assert not room.admit()
    room.leave()
    assert room.admit()
    assert room.waiting == 2


def test_a_client_that_closed_its_connection_is_gone_and_one_that_waits_is_not():
    ours, theirs = socket.socketpair()
    try:
        assert not client_gone(ours)
        theirs.sendall(b"x")  # a body or a pipelined request not read yet: the client is there
        assert not client_gone(ours)
        ours.recv(1)
        theirs.close()
        assert client_gone(ours)
    finally:
        ours.close()


def test_the_busy_answer_speaks_the_visitors_language_from_the_cookie_or_accept_language():
    assert visitor_language([("COOKIE", "django_language=az; sessionid=x")]) == "az"
    assert visitor_language([("ACCEPT-LANGUAGE", "hy-AM,hy;q=0.9,en;q=0.5")]) == "hy"
    assert visitor_language([("ACCEPT-LANGUAGE", "de"), ("COOKIE", "\x00broken")]) == "en"


def test_the_busy_answer_is_a_503_with_retry_after_and_the_sites_security_headers():
    page = busy_response("ru", False)
    head, body = page.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0] == "HTTP/1.1 503 Service Unavailable"
    headers = dict(line.split(": ", 1) for line in lines[1:])
    assert headers["Retry-After"] == str(server.RETRY_AFTER)
    assert int(headers["Content-Length"]) == len(body)
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-store" and "Set-Cookie" not in headers
    assert b'<html lang="ru">' in body and "Ничего из отправленного" in body.decode()


def test_htmx_gets_the_message_alone_as_text_for_the_page_to_show():
    answer = busy_response("hy", True)
    assert b"Content-Type: text/plain; charset=utf-8" in answer
    body = answer.split(b"\r\n\r\n", 1)[1].decode()
    assert "<" not in body and body.startswith("Այս պահին")


class _Request:
    headers = [("HOST", "127.0.0.1"), ("ACCEPT-LANGUAGE", "az")]
    version = (1, 1)


@pytest.fixture
def worker(monkeypatch):
    """A SheddingWorker's request step alone, with gunicorn's own processing replaced by a record of calls."""
    processed: list[object] = []

    def process(self, req, conn):
        processed.append(req)
        return True

    monkeypatch.setattr(server.ThreadWorker, "handle_request", process)
    shedding = SheddingWorker.__new__(SheddingWorker)
    shedding.queue_timeout = 5.0
    shedding.processed = processed
    return shedding


def test_a_request_that_waited_past_the_deadline_is_answered_503_and_never_run(worker):
    ours, theirs = socket.socketpair()
    with ours, theirs:
        assert worker.handle_request(_Request(), SimpleNamespace(sock=ours, parley_waited=6.0)) is False
        assert theirs.recv(65536).startswith(b"HTTP/1.1 503 Service Unavailable")
    assert worker.processed == []


def test_a_queued_request_whose_client_has_gone_is_dropped_unrun(worker):
    ours, theirs = socket.socketpair()
    theirs.close()
    with ours:
        assert worker.handle_request(_Request(), SimpleNamespace(sock=ours, parley_waited=0.1)) is False
    assert worker.processed == []


def test_a_request_that_waited_briefly_for_a_present_client_is_served(worker):
    ours, theirs = socket.socketpair()
    with ours, theirs:
        assert worker.handle_request(_Request(), SimpleNamespace(sock=ours, parley_waited=0.1)) is True
    assert len(worker.processed) == 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def parley_server(tmp_path):
    """`parley serve` in its own process on a free loopback port, over a fresh SQLite database."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PARLEY_USE_DEMO_DATABASE")}
    env.update(PARLEY_DATA_DIR=str(tmp_path), PARLEY_SERVER_QUEUE="8", PARLEY_SERVER_QUEUE_TIMEOUT="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "parley.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while get("127.0.0.1", port, timeout=1).status != 200:
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        yield port
    finally:
        process.send_signal(signal.SIGINT)  # gunicorn's quick stop
        process.wait(timeout=30)


@pytest.mark.slow
def test_a_flood_of_clients_gets_bounded_waits_or_a_quick_503_and_the_server_answers_right_after(parley_server):
    port = parley_server
    result = flood("127.0.0.1", port, clients=300, seconds=3, timeout=5)
    ended = time.monotonic()
    served, shed = result.with_status(200), result.with_status(503)
    # (a) the requests it accepted waited at most the queue's deadline, not for the whole flood
    assert served, result
    assert statistics.median(a.seconds for a in served) < 1.5
    # (b) the excess was told at once to come back later
    assert len(shed) > len(served)
    assert all(a.retry_after == str(server.RETRY_AFTER) for a in shed)
    assert statistics.median(a.seconds for a in shed) < 1.0
    # nobody was left hanging until they gave up
    assert len(result.with_status(0)) < len(result.answers) / 100
    # (c) a visitor right after the flood is served at once: no backlog of abandoned requests
    after = get("127.0.0.1", port, timeout=5)
    assert after.status == 200
    assert time.monotonic() - ended < 1.0
