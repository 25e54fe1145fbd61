"""Dialogue pages, split by who uses them: the public, participants, and the people who run a dialogue."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails

from parley.dialogues.access import ActionError


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it."""

    htmx: HtmxDetails


def show_error(form: forms.Form, error: ActionError) -> None:
    """Attach an action's error to the form field it concerns, or to the whole form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def respond(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    page: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """One context, two renderings: HTML for browsers, the same dict as JSON for the API.

    PAGE holds what only the HTML page needs (the viewer's membership, forms).
    """
    if request.path.startswith("/api/"):
        return JsonResponse(context, status=status, json_dumps_params={"ensure_ascii": False})
    return render(request, template, {**context, **(page or {})}, status=status)
