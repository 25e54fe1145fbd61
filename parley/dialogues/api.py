"""The dialogues app's API views (`/api/v1/...`): each returns an explicit dict as JSON.

The API is versioned by its path (`/api/v1/`, see docs/api.md): a change of shape is a new path,
so the dicts carry no version field of their own. The HTML views (`views/`) render templates and
never answer JSON.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from parley.dialogues import queries


def api_response(data: dict[str, Any], status: int = 200) -> JsonResponse:
    """DATA as the API's JSON: UTF-8 text as it is (no \\u escapes)."""
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def dialogue_list_data(language: str) -> dict[str, Any]:
    """The public dialogues, as `GET /api/v1/dialogues/` returns them."""
    return {"dialogues": queries.public_dialogue_list(language)}


@require_GET
def dialogue_list(request: HttpRequest) -> JsonResponse:
    return api_response(dialogue_list_data(queries.active_language()))
