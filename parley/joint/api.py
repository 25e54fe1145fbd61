"""The joint statements API (`/api/v1/dialogues/<slug>/joint/`, `.../joint/<id>/`).

Each endpoint is a view of its own whose answer is built by a serialiser naming every top-level
field (docs/api.md lists them); versioned by its path, as every endpoint (see
`parley/dialogues/api.py`). The HTML pages (`views.py`) render the same dicts and never answer JSON.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from parley.dialogues import queries as dialogue_queries
from parley.dialogues.access import access_dialogue
from parley.dialogues.api import api_response
from parley.dialogues.models import Dialogue, Membership
from parley.joint import access as joint_access
from parley.joint import queries
from parley.joint.models import JointStatement


def joint_list_v1(dialogue: Dialogue, language: str) -> dict[str, Any]:
    """The dialogue's joint statements, newest first."""
    return {
        "dialogue": dialogue_queries.dialogue_dict(dialogue, language),
        "joint_statements": queries.joint_list(dialogue, language),
    }


def joint_v1(dialogue: Dialogue, statement: JointStatement, member: Membership | None, language: str) -> dict[str, Any]:
    """One joint statement: its clauses, state, signatures and (while a draft) amendments."""
    return {
        "dialogue": dialogue_queries.dialogue_dict(dialogue, language),
        "joint": queries.joint_page(statement, member, language),
    }


@require_GET
def joint_list(request: HttpRequest, slug: str) -> JsonResponse:
    dialogue, _member = access_dialogue(request, slug)
    return api_response(joint_list_v1(dialogue, dialogue_queries.active_language()))


@require_GET
def joint_detail(request: HttpRequest, slug: str, joint_id: int) -> JsonResponse:
    dialogue, member = access_dialogue(request, slug)
    statement = joint_access.find_joint(dialogue, joint_id)
    return api_response(joint_v1(dialogue, statement, member, dialogue_queries.active_language()))
