"""A small JSON-over-HTTP client on the standard library, with Parley's error rules.

Timeouts, refused connections, 5xx, 408 and 429 are retryable; other 4xx are not (the request
itself is wrong: a bad key, an unknown language), nor is an answer that is not the JSON expected.
"""

from __future__ import annotations

import http.client
import json
import socket
import urllib.error
import urllib.request
from typing import Any

from parley.lang.translate import TranslationError

MAX_ANSWER_BYTES = 4 * 1024 * 1024
RETRYABLE_STATUSES = {408, 429}


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: urllib would carry the key's Authorization header to whatever host they name."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
        raise urllib.error.HTTPError(newurl, code, f"redirected to {newurl}; Parley follows no redirects", headers, fp)


_OPENER = urllib.request.build_opener(_NoRedirects)


def _detail(body: bytes) -> str:
    """The server's own error message, if it sent one in JSON, shortened."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ""
    if isinstance(data, dict):
        error = data.get("error", data.get("detail", ""))
        if isinstance(error, dict):
            error = error.get("message", "")
        return str(error)[:200]
    return ""


def request_json(
    url: str, *, timeout: float, payload: dict[str, Any] | None = None, headers: dict[str, str] | None = None
) -> Any:
    """GET URL (or POST PAYLOAD as JSON to it) and return the decoded JSON answer."""
    if not url.startswith(("http://", "https://")):
        raise TranslationError(f"The translation URL must start with http:// or https://, not {url!r}.")
    data = None if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="GET" if data is None else "POST")  # noqa: S310
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            body = response.read(MAX_ANSWER_BYTES + 1)
    except urllib.error.HTTPError as error:
        detail = _detail(error.read(64 * 1024))
        retryable = error.code >= 500 or error.code in RETRYABLE_STATUSES
        message = f"The translation server at {url} answered HTTP {error.code}"
        raise TranslationError(message + (f": {detail}" if detail else "."), retryable=retryable) from None
    except TimeoutError:
        raise TranslationError(
            f"The translation server at {url} did not answer within {timeout:g} s.", retryable=True
        ) from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise TranslationError(
                f"The translation server at {url} did not answer within {timeout:g} s.", retryable=True
            ) from None
        raise TranslationError(f"Cannot reach the translation server at {url}: {reason}.", retryable=True) from None
    except (ConnectionError, OSError, http.client.HTTPException, ValueError) as error:
        # HTTPException: a broken answer (bad status line, cut short); ValueError: a malformed URL.
        raise TranslationError(
            f"The connection to the translation server at {url} failed: {type(error).__name__}: {error}.",
            retryable=True,
        ) from None
    if len(body) > MAX_ANSWER_BYTES:
        raise TranslationError(f"The translation server at {url} sent an answer larger than 4 MiB.")
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise TranslationError(f"The translation server at {url} did not answer in JSON.") from None
