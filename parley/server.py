"""`parley serve`'s web server: gunicorn's threaded worker, with a bounded queue in front of its threads.

gunicorn's gthread worker accepts up to `worker_connections` (1,000) connections and queues every
request for its four threads without limit, so a flood leaves thousands of requests waiting, most of
them from clients that gave up long ago, and the server stays jammed long after the flood ends. This
worker sheds load instead:

- at most PARLEY_SERVER_QUEUE requests wait for a thread; the next one is answered at once (by a
  thread of its own that only reads the request's headers) with `503 Service Unavailable` and
  `Retry-After`, in the visitor's language, as a short page or, to htmx, as text the page shows;
- a request that waited longer than PARLEY_SERVER_QUEUE_TIMEOUT seconds gets the same 503 instead of
  being processed, and one whose client has already closed its connection is dropped unprocessed.

A shed request never reaches Django, so nothing it asked for happened: the answer says so.
"""

from __future__ import annotations

import errno
import logging
import select
import socket
import threading
import time
from concurrent import futures
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

import click
from gunicorn import util
from gunicorn.workers.gthread import TConn, ThreadWorker

logger = logging.getLogger("parley.server")

THREADS = 4
# What a shed visitor is asked to wait before trying again, in seconds.
RETRY_AFTER = 2
# How long the shedding thread waits for a shed request's headers.
SHED_IO_TIMEOUT = 1.0
# Connections waiting for the shedding thread beyond this are closed without an answer: at that
# point even reading their headers would cost more than the clients gain.
SHED_BACKLOG = 1000
# Connections accepted in one turn of the worker's loop.
ACCEPT_BATCH = 64
# The busy page loads nothing: the strictest policy, whatever the site's own.
BUSY_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


class WaitingRoom:
    """Counts the requests waiting for a thread and admits at most LIMIT of them."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.waiting = 0
        self._lock = threading.Lock()

    def admit(self) -> bool:
        """Whether one more request may wait (it then counts until `leave`)."""
        with self._lock:
            if self.waiting >= self.limit:
                return False
            self.waiting += 1
            return True

    def leave(self) -> None:
        """A waiting request got its thread."""
        with self._lock:
            self.waiting -= 1


def client_gone(sock: socket.socket) -> bool:
    """Whether the client at the other end of SOCK has closed (or reset) its connection: its socket
    reads as ended without blocking. Bytes still unread (a body, a pipelined request) mean it is there."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        if not readable:
            return False
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except (BlockingIOError, InterruptedError):
        return False
    except (OSError, ValueError):
        return True


def close_now(sock: socket.socket) -> None:
    """Close SOCK without waiting for its client: read what it sent and we did not (a body), so that
    the kernel ends the connection with a FIN rather than a reset that could lose our answer.
    (gunicorn's graceful close waits for the client to close first: one slow client would hold up
    the shedding thread and every shed request behind it.)"""
    try:
        sock.setblocking(False)
        for _ in range(16):
            if not sock.recv(65536):
                break
    except OSError:
        pass
    finally:
        util.close(sock)


def visitor_language(headers: list[tuple[str, str]]) -> str:
    """The interface language Django would choose for a request with HEADERS (upper-case names, as
    gunicorn gives them): the language cookie, then Accept-Language, then the default."""
    from django.conf import settings
    from django.http import parse_cookie
    from django.utils import translation

    cookies: dict[str, str] = {}
    meta: dict[str, str] = {}
    for name, value in headers:
        if name == "COOKIE":
            cookies.update(parse_cookie(value))
        elif name == "ACCEPT-LANGUAGE":
            meta["HTTP_ACCEPT_LANGUAGE"] = value[:1000]
    request = SimpleNamespace(COOKIES=cookies, META=meta, path_info="/")
    try:
        return translation.get_language_from_request(request, check_path=False)  # type: ignore[arg-type]
    except Exception:
        return settings.LANGUAGE_CODE


@lru_cache(maxsize=64)
def busy_response(language: str, htmx: bool, version: str = "HTTP/1.1") -> bytes:
    """The complete 503 answer, in LANGUAGE: a short page, or for htmx the message alone as text
    (parley.js shows it in the part of the page that made the request)."""
    from django.conf import settings
    from django.utils import translation
    from django.utils.html import escape
    from django.utils.translation import gettext

    with translation.override(language):
        title = gettext("Parley is busy")
        message = gettext(
            "Too many people are using Parley at this moment. Nothing you sent was saved: please try again in a moment."
        )
    if htmx:
        body = message.encode()
        content_type = "text/plain; charset=utf-8"
    else:
        body = (
            f'<!doctype html>\n<html lang="{language}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"</head>\n<body><h1>{escape(title)}</h1><p>{escape(message)}</p></body></html>\n"
        ).encode()
        content_type = "text/html; charset=utf-8"
    headers = [
        f"{version} 503 Service Unavailable",
        f"Retry-After: {RETRY_AFTER}",
        f"Content-Type: {content_type}",
        f"Content-Length: {len(body)}",
        f"Content-Language: {language}",
        "Cache-Control: no-store",
        "Connection: close",
        f"Content-Security-Policy: {BUSY_CSP}",
        "X-Content-Type-Options: nosniff",
        f"X-Frame-Options: {settings.X_FRAME_OPTIONS}",
        f"Referrer-Policy: {settings.SECURE_REFERRER_POLICY}",
        f"Cross-Origin-Opener-Policy: {settings.SECURE_CROSS_ORIGIN_OPENER_POLICY}",
    ]
    if settings.SECURE_HSTS_SECONDS:
        headers.append(f"Strict-Transport-Security: max-age={settings.SECURE_HSTS_SECONDS}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode("latin-1") + body


def busy_response_for(req: Any) -> bytes:
    """The 503 answer for gunicorn's parsed request REQ."""
    headers = [(name, value) for name, value in req.headers]
    htmx = any(name == "HX-REQUEST" and value == "true" for name, value in headers)
    version = "HTTP/1.0" if tuple(req.version) < (1, 1) else "HTTP/1.1"
    return busy_response(visitor_language(headers), htmx, version)


class SheddingWorker(ThreadWorker):  # type: ignore[misc]
    """gunicorn's gthread worker with a bounded queue: see the module's docstring."""

    def init_process(self) -> None:
        from django.conf import settings

        self.room = WaitingRoom(settings.SERVER_QUEUE)
        self.queue_timeout = float(settings.SERVER_QUEUE_TIMEOUT)
        # One thread answers the shed requests, so that the worker's own threads never do.
        self.shed_pool = futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="parley-shed")
        self.shed_backlog = 0
        self.shed_count = 0
        self.shed_logged_at = time.monotonic()
        super().init_process()

    def accept(self, listener: Any) -> None:
        """Accept every connection waiting (gunicorn takes one per turn of its loop): under a flood,
        those left in the kernel's backlog would wait unanswered instead of getting their 503 at once."""
        for _ in range(max(1, min(ACCEPT_BATCH, self.worker_connections - self.nr_conns))):
            try:
                client_sock, client_addr = listener.accept()
            except (BlockingIOError, InterruptedError, ConnectionAbortedError):
                return
            self.nr_conns += 1
            client_sock.setblocking(True)
            self.enqueue_req(TConn(self.cfg, client_sock, client_addr, listener.getsockname()))

    def enqueue_req(self, conn: Any) -> None:
        """Queue CONN's next request for a thread, or shed it when the queue is full (main thread)."""
        if self.room.admit():
            conn.parley_enqueued_at = time.monotonic()
            super().enqueue_req(conn)
            return
        self._count_shed()
        if self.shed_backlog >= SHED_BACKLOG:
            self.nr_conns -= 1
            conn.close()
            return
        self.shed_backlog += 1
        done = self.shed_pool.submit(self.shed, conn)
        done.add_done_callback(lambda _future: self.method_queue.defer(self._shed_done))

    def _shed_done(self) -> None:
        self.shed_backlog -= 1
        self.nr_conns -= 1

    def _count_shed(self) -> None:
        # One line a minute at most while shedding, with counts only (no address, no path).
        self.shed_count += 1
        now = time.monotonic()
        if now - self.shed_logged_at >= 60:
            logger.warning(
                "Overloaded: answered %d requests with 503 in the last %d s.",
                self.shed_count,
                now - self.shed_logged_at,
            )
            self.shed_count = 0
            self.shed_logged_at = now

    def shed(self, conn: Any) -> None:
        """Answer CONN's request with 503 without running it (on the shedding thread)."""
        try:
            conn.sock.settimeout(SHED_IO_TIMEOUT)
            conn.init()
            conn.sock.settimeout(SHED_IO_TIMEOUT)
            req = next(conn.parser)
            util.write(conn.sock, busy_response_for(req))
        except Exception:
            # A client that vanished, sent nothing in time or sent no HTTP: nothing to answer.
            logger.debug("A shed connection closed without an answer.", exc_info=True)
        finally:
            close_now(conn.sock)

    def handle(self, conn: Any) -> Any:
        """Serve CONN's request on a thread; the time it waited for the thread decides whether to."""
        self.room.leave()
        conn.parley_waited = time.monotonic() - conn.parley_enqueued_at
        return super().handle(conn)

    def handle_request(self, req: Any, conn: Any) -> bool:
        if client_gone(conn.sock):
            logger.debug("Dropped a queued request whose client had gone.")
            return False
        if conn.parley_waited > self.queue_timeout:
            try:
                util.write(conn.sock, busy_response_for(req))
            except OSError as error:
                if error.errno not in (errno.EPIPE, errno.ECONNRESET, errno.ENOTCONN):
                    raise
            return False
        return bool(super().handle_request(req, conn))


def serve(host: str, port: int, workers: int) -> None:
    """Serve Parley with gunicorn on HOST:PORT until stopped."""
    from gunicorn.app.base import BaseApplication

    from parley.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "worker_class": "parley.server.SheddingWorker",
                "threads": THREADS,
                "timeout": 60,
                "graceful_timeout": 10,
                # No access log: it would write every visitor's IP address.
                "accesslog": None,
                "errorlog": "-",
                "loglevel": "warning",
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    click.echo(f"Parley is serving on http://{host}:{port}/  (Ctrl+C stops it)")
    Server().run()
