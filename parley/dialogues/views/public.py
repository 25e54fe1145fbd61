"""Pages anyone may read: the list of dialogues and the sides' colours.

A dialogue's front page and its results compose several apps: they are in `parley/pages.py`.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from parley.dialogues import queries
from parley.dialogues.access import access_dialogue, is_site_administrator, session_memberships
from parley.dialogues.first_cochairs import created_dialogues
from parley.dialogues.models import Membership


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    language = queries.active_language()
    mine = session_memberships(request)
    dialogues = queries.public_dialogue_list(language)
    created = created_dialogues(language) if is_site_administrator(request.user) else []
    return render(
        request,
        "dialogues/home.html",
        {
            "dialogues": dialogues,
            "mine": [
                {
                    "slug": m.dialogue.slug,
                    "title": m.dialogue.title_text(language),
                    "handle": m.handle,
                    "side": m.side.name_text(language),
                    "role": str(Membership.Role(m.role).label),
                }
                for m in mine
            ],
            "created": created,
        },
    )


@require_GET
def sides_css(request: HttpRequest, slug: str) -> HttpResponse:
    """The two sides' colours as CSS, so that pages need no inline styles (CSP allows none)."""
    dialogue, _member = access_dialogue(request, slug)
    rules = []
    for side in dialogue.ordered_sides():
        rules.append(f".side-{side.pk} {{ --side-colour: {side.colour}; }}")
    response = HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response
