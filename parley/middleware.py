"""Turn an action's refusal that no view handled into a clear 400 page instead of a traceback."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from parley.dialogues.access import ActionError


class ActionErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ActionError):
            return None
        status = 429 if type(exception).__name__ == "RateLimited" else 400
        if request.path.startswith("/api/"):
            return JsonResponse({"error": exception.message}, status=status)
        return render(request, "400.html", {"message": exception.message}, status=status)
