"""The errors every layer raises, and the one place they become responses.

- `ActionError`: a request that cannot be carried out (bad input, a rule of the dialogue); its message
  is shown as it is, with status 400 (`parley.middleware.ActionErrorMiddleware`).
- `NotFound`, `NotAllowed`: the access layers' answers (no such object for this asker; not this
  asker's to do). `DomainErrorMiddleware` maps them to the 404/403 page in the visitor's language,
  or to `{"error": ...}` under `/api/`; `parley/urls.py`'s handler404/handler403 use the same
  `error_response` for Django's own 404s and 403s.

NotFound and NotAllowed subclass Django's Http404 and PermissionDenied, so that code and tests that
know only those keep working (the CLI, `pytest.raises(PermissionDenied)`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults


class ActionError(Exception):
    """A request that cannot be carried out; the message is shown to the person as it is."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(Http404):
    """There is no such object for this asker (a draft is not found by non-members)."""


class NotAllowed(PermissionDenied):
    """The asker may see the object but not do this to it."""


# The API's error words (docs/api.md).
API_ERRORS = {403: "forbidden", 404: "not found"}


def error_response(request: HttpRequest, status: int, exception: Exception) -> HttpResponse:
    """The 404 or 403 answer to REQUEST: JSON under /api/, else the page in the visitor's language."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": API_ERRORS[status]}, status=status)
    if status == 404:
        return defaults.page_not_found(request, exception)
    return defaults.permission_denied(request, exception)


def status_of(exception: Exception) -> int | None:
    """The status a domain error is answered with (None: not a domain error)."""
    if isinstance(exception, Http404):
        return 404
    if isinstance(exception, PermissionDenied):
        return 403
    return None
