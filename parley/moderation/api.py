"""The moderation API (`/api/v1/dialogues/<slug>/moderation/`): the public policy, blocklist and log.

A view of its own whose answer is built by a serialiser naming every top-level field (docs/api.md
lists them); versioned by its path, as every endpoint (see `parley/dialogues/api.py`). The HTML
page (`views.moderation_page`) renders the same dict with a template and never answers JSON.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from parley.dialogues import queries as dialogue_queries
from parley.dialogues.access import access_dialogue
from parley.dialogues.api import api_response
from parley.dialogues.models import Dialogue
from parley.moderation import queries


def moderation_v1(dialogue: Dialogue, language: str) -> dict[str, Any]:
    """What anyone who reads the dialogue may know of its moderation (never who flagged)."""
    return {
        "dialogue": dialogue_queries.dialogue_dict(dialogue, language),
        "policy": queries.policy(dialogue, language),
        "blocklist": queries.blocklist(dialogue),
        "log": queries.log(dialogue, language),
    }


@require_GET
def moderation(request: HttpRequest, slug: str) -> JsonResponse:
    dialogue, _member = access_dialogue(request, slug)
    return api_response(moderation_v1(dialogue, dialogue_queries.active_language()))
