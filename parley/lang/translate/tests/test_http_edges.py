"""Answers a translation server should never give: a broken status line, a redirect elsewhere."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from parley.lang.translate import TranslationError
from parley.lang.translate.http import request_json


@contextmanager
def raw_server(answer: bytes) -> Iterator[str]:
    """A socket that answers every connection with ANSWER, whatever was asked."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)

    def serve() -> None:
        try:
            connection, _address = listener.accept()
        except OSError:
            return
        with connection:
            connection.recv(65536)
            connection.sendall(answer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/translate"
    finally:
        listener.close()
        thread.join(5)


def test_a_broken_status_line_is_a_retryable_translation_error():
    with raw_server(b"garbage\r\n\r\n") as url, pytest.raises(TranslationError) as caught:
        request_json(url, timeout=5, payload={"q": "Salam"})
    assert caught.value.retryable
    assert "BadStatusLine" in str(caught.value)


def test_a_redirect_is_refused_and_the_key_never_reaches_the_other_host():
    seen: list[str | None] = []

    class Elsewhere(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            seen.append(self.headers.get("Authorization"))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")

        do_GET = do_POST  # urllib follows a 302 with a GET

        def log_message(self, format: str, *args: object) -> None:
            pass

    other = HTTPServer(("127.0.0.1", 0), Elsewhere)
    threading.Thread(target=other.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    target = f"http://127.0.0.1:{other.server_address[1]}/steal"
    redirect = f"HTTP/1.1 302 Found\r\nLocation: {target}\r\nContent-Length: 0\r\n\r\n".encode()
    try:
        with raw_server(redirect) as url, pytest.raises(TranslationError) as caught:
            request_json(url, timeout=5, payload={"q": "Salam"}, headers={"Authorization": "Bearer secret"})
    finally:
        other.shutdown()
        other.server_close()
    assert not caught.value.retryable
    assert seen == []
