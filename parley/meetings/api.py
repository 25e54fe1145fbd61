"""The meetings API (`/api/v1/dialogues/<slug>/meetings/`, `.../meetings/<id>/`).

Each endpoint's answer is built by a serialiser naming every top-level field, as in every app;
the HTML pages (`views.py`) render the same dicts and never answer JSON.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from parley.dialogues import queries as dialogue_queries
from parley.dialogues.access import access_dialogue
from parley.dialogues.api import api_response
from parley.dialogues.models import Dialogue, Membership
from parley.meetings import access, queries
from parley.meetings.models import Meeting


def meeting_list_v1(dialogue: Dialogue, language: str) -> dict[str, Any]:
    """The dialogue's meetings, and the common-ground trend at the end of each."""
    found = queries.meeting_list(dialogue, language)
    return {
        "dialogue": found["dialogue"],
        "meetings": found["meetings"],
        "trend": found["trend"],
        "trend_title": found["trend_title"],
        "trend_svg": found["trend_svg"],
    }


def meeting_v1(dialogue: Dialogue, meeting: Meeting, member: Membership | None, language: str) -> dict[str, Any]:
    """One meeting: agenda, attendance per side, and results (online and paper counts apart)."""
    found = queries.meeting_detail(dialogue, meeting, member, language)
    return {
        "dialogue": found["dialogue"],
        "meeting": found["meeting"],
        "agenda": found["agenda"],
        "current_item": found["current_item"],
        "spotlight": found["spotlight"],
        "attendance": found["attendance"],
        "results": found["results"],
        "results_at": found["results_at"],
        "my_side_members": found["my_side_members"],
        "join_links": found["join_links"],
    }


@require_GET
def meeting_list(request: HttpRequest, slug: str) -> JsonResponse:
    dialogue, _member = access_dialogue(request, slug)
    data = meeting_list_v1(dialogue, dialogue_queries.active_language())
    data.pop("trend_svg")  # the chart is the page's; the API gives its numbers
    return api_response(data)


@require_GET
def meeting_detail(request: HttpRequest, slug: str, meeting_id: int) -> JsonResponse:
    dialogue, member = access_dialogue(request, slug)
    meeting = access.find_meeting(dialogue, meeting_id)
    return api_response(meeting_v1(dialogue, meeting, member, dialogue_queries.active_language()))
