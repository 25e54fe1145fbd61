"""The "where I stand" page of the participant this browser acts as."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from parley.dialogues import queries
from parley.dialogues.access import access_dialogue
from parley.stand.access import check_own_stand
from parley.stand.queries import stand_view


@require_GET
def stand(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue, member = access_dialogue(request, slug)
    member = check_own_stand(member)
    language = queries.active_language()
    summary = queries.dialogue_dict(dialogue, language)
    context = {
        "dialogue": summary,
        "member": member,
        "stand": stand_view(dialogue, member, language, summary["sides"]),
    }
    return render(request, "stand/stand.html", context)
