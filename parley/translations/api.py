"""The translation queue API (`/api/v1/dialogues/<slug>/translations/`), for a side's translators.

A view of its own whose answer is built by a serialiser naming every top-level field (docs/api.md
lists them); versioned by its path, as every endpoint (see `parley/dialogues/api.py`). The HTML
page (`views.queue_page`) renders the same dict with forms and never answers JSON.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from parley.dialogues import queries as dialogue_queries
from parley.dialogues.access import access_dialogue
from parley.dialogues.api import api_response
from parley.dialogues.models import Dialogue, Membership
from parley.translations import access, queries
from parley.translations.text_queries import text_items


def translation_queue_v1(dialogue: Dialogue, member: Membership, language: str) -> dict[str, Any]:
    """MEMBER's side's translation work; `translators` only for those who appoint them."""
    queue = queries.queue(dialogue, member, language)
    found: dict[str, Any] = {
        "dialogue": dialogue_queries.dialogue_dict(dialogue, language),
        "side": queue["side"],
        "my_languages": queue["my_languages"],
        "items": [*queue["items"], *text_items(dialogue, member, language)],
    }
    if member.can_invite:
        found["translators"] = queries.translators(dialogue, member.side_id)
    return found


@require_GET
def translation_queue(request: HttpRequest, slug: str) -> JsonResponse:
    dialogue, member = access_dialogue(request, slug)
    member = access.check_can_see_queue(member)
    return api_response(translation_queue_v1(dialogue, member, dialogue_queries.active_language()))
