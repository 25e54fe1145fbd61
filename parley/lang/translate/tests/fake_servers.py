"""Fake LibreTranslate and OpenAI-compatible servers on 127.0.0.1, run in a thread by the test.

Each records the requests it got (path, headers, JSON body) and answers from a script: a list of
(status, body) to give in turn, then its normal answer. A "sleep" status stalls past any timeout.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Fake:
    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    script: list[tuple[int | str, Any]] = field(default_factory=list)
    languages: list[str] = field(default_factory=lambda: ["az", "hy", "ru", "en"])
    models: list[str] = field(default_factory=lambda: ["tiny-chat"])
    reply: str = ""  # the chat server's answer; empty: a labelled copy of the user's text


def _libre_answer(fake: Fake, path: str, body: Any) -> tuple[int, Any]:
    if path == "/languages":
        return 200, [{"code": c, "name": c, "targets": [t for t in fake.languages if t != c]} for c in fake.languages]
    if path == "/translate":
        if body.get("source") not in fake.languages or body.get("target") not in fake.languages:
            return 400, {"error": f"{body.get('target')} is not supported"}
        return 200, {"translatedText": f"<{body['target']}> {body['q']}"}
    return 404, {"error": "Not Found"}


def _chat_answer(fake: Fake, path: str, body: Any) -> tuple[int, Any]:
    if path == "/v1/models":
        return 200, {"object": "list", "data": [{"id": m, "object": "model"} for m in fake.models]}
    if path == "/v1/chat/completions":
        text = fake.reply or f"<translated> {body['messages'][-1]['content']}"
        return 200, {
            "model": body["model"],
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}}],
        }
    return 404, {"error": {"message": "no such route"}}


@contextmanager
def serve(kind: str) -> Iterator[Fake]:
    fake = Fake()
    answer = _libre_answer if kind == "libretranslate" else _chat_answer

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            fake.requests.append(
                {"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body}
            )
            status, data = fake.script.pop(0) if fake.script else answer(fake, self.path, body)
            if status == "sleep":
                time.sleep(float(data))
                status, data = 200, {}
            payload = data if isinstance(data, bytes) else json.dumps(data).encode("utf-8")
            try:
                self.send_response(int(status))
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = do_POST = _handle

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
