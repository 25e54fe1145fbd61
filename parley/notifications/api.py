"""The awaiting API (`/api/v1/dialogues/<slug>/awaiting/`): what awaits the asking member's side.

A view of its own whose answer a serialiser names field by field (docs/api.md lists them); the HTML
page (`views.awaiting_page`) renders the same dict with a template and never answers JSON.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from parley.dialogues import queries as dialogue_queries
from parley.dialogues.access import access_dialogue, require_member
from parley.dialogues.api import api_response
from parley.dialogues.models import Dialogue, Membership
from parley.notifications.queries import awaiting, item_dict


def awaiting_v1(dialogue: Dialogue, member: Membership, now: datetime | None = None) -> dict[str, Any]:
    """What awaits MEMBER's side for their role, soonest deadline first."""
    now = now or timezone.now()
    language = dialogue_queries.active_language()
    return {
        "dialogue": dialogue_queries.dialogue_dict(dialogue, language),
        "side": dialogue_queries.side_dict(member.side, language),
        "items": [item_dict(item, now) for item in awaiting(member, now)],
    }


@require_GET
def awaiting_api(request: HttpRequest, slug: str) -> JsonResponse:
    dialogue, member = access_dialogue(request, slug)
    return api_response(awaiting_v1(dialogue, require_member(member)))
