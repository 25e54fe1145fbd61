"""The proposals and glossary API (`/api/v1/dialogues/<slug>/proposals/`, `.../glossary/`).

Each endpoint is a view of its own whose answer is built by a serialiser naming every top-level
field (docs/api.md lists them). The API is versioned by its path (`/api/v1/`), so the dicts carry
no version field; a change of shape is a new serialiser (`..._v2`) under a new path. The HTML pages
(`views.py`, `glossary_views.py`) render the same dicts with templates and never answer JSON.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from parley.dialogues import queries as dialogue_queries
from parley.dialogues.access import access_dialogue
from parley.dialogues.api import api_response
from parley.dialogues.models import Dialogue, Membership
from parley.proposals import glossary_queries, queries


def proposals_v1(dialogue: Dialogue, member: Membership | None, language: str) -> dict[str, Any]:
    """The dialogue's proposals, pending and decided, with its glossary and published reports."""
    found = queries.proposals(dialogue, member, language)
    return {
        "dialogue": dialogue_queries.dialogue_dict(dialogue, language),
        "pending": found["pending"],
        "decided": found["decided"],
        "glossary": queries.glossary(dialogue, language),
        "reports": queries.reports(dialogue),
    }


def glossary_v1(dialogue: Dialogue, language: str) -> dict[str, Any]:
    """The dialogue's adopted glossary terms, in the order they were adopted."""
    return {
        "dialogue": dialogue_queries.dialogue_dict(dialogue, language),
        "terms": glossary_queries.glossary(dialogue, language),
    }


@require_GET
def proposals(request: HttpRequest, slug: str) -> JsonResponse:
    dialogue, member = access_dialogue(request, slug)
    return api_response(proposals_v1(dialogue, member, dialogue_queries.active_language()))


@require_GET
def glossary(request: HttpRequest, slug: str) -> JsonResponse:
    dialogue, _member = access_dialogue(request, slug)
    return api_response(glossary_v1(dialogue, dialogue_queries.active_language()))
