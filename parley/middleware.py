"""Two guards at the edge of every request: query parameters that are not clean text are refused
before any view reads them, and an action's refusal that no view handled becomes a clear 400 page
instead of a traceback."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from parley.errors import ActionError, error_response, status_of

# No page or API takes a query value anywhere near this long (ids, page numbers, entry types, paths).
MAX_QUERY_VALUE = 1000


def _refuse(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"error": message}, status=status)
    return render(request, "400.html", {"message": message}, status=status)


def query_problem(raw: bytes) -> str | None:
    """Why the raw query string RAW is not clean text (None if it is): a name or value that is not
    UTF-8, holds a control character such as NUL (which PostgreSQL refuses in any text), or is
    longer than any page takes."""
    for pair in raw.split(b"&"):
        for part in pair.split(b"=", 1):
            try:
                text = unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                return _("The address holds characters that are not valid text.")
            if any(unicodedata.category(ch) == "Cc" for ch in text):
                return _("The address holds control characters, which no page takes.")
            if len(text) > MAX_QUERY_VALUE:
                return _("A value in the address is longer than any page takes.")
    return None


def _raw_query(request: HttpRequest) -> bytes:
    # WSGI hands the query string over as bytes decoded as Latin-1 (PEP 3333); undo that.
    query = request.META.get("QUERY_STRING", "")
    try:
        return query.encode("iso-8859-1")
    except UnicodeEncodeError:
        return query.encode("utf-8")


class QueryHygieneMiddleware:
    """Refuse, in one place, query strings that no view could use safely (they gave 500s on PostgreSQL)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = _raw_query(request)
        problem = query_problem(query) if query else None
        if problem:
            return _refuse(request, problem)
        return self.get_response(request)


class DomainErrorMiddleware:
    """The one place where the access layers' NotFound and NotAllowed (and Django's Http404 and
    PermissionDenied) become responses: the 404/403 page in the visitor's language, `{"error": ...}`
    under /api/ (`parley.errors.error_response`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        status = status_of(exception)
        return None if status is None else error_response(request, status, exception)


class ActionErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ActionError):
            return None
        status = 429 if type(exception).__name__ == "RateLimited" else 400
        return _refuse(request, exception.message, status)
