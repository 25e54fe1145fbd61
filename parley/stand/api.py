"""`GET /api/v1/dialogues/<slug>/me/stand/`: the "where I stand" page's dict as JSON, for the
participant this browser acts as (404 for anyone else, as the page)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from parley.dialogues import queries
from parley.dialogues.access import access_dialogue
from parley.dialogues.api import api_response
from parley.stand.access import check_own_stand
from parley.stand.queries import stand_view


def _statement(s: dict[str, Any]) -> dict[str, Any]:
    return {"id": s["id"], "text": s["text"], "lang": s["lang"], "original_language": s["original_language"]}


def stand_v1(stand: dict[str, Any]) -> dict[str, Any]:
    """The answer, field by field (docs/api.md)."""
    data: dict[str, Any] = {
        "state": stand["state"],
        "n_votes": stand["n_votes"],
        "votes_needed": stand["votes_needed"],
        "more_votes": stand["more_votes"],
        "computed_at": stand["computed_at"].isoformat() if stand["computed_at"] else None,
    }
    if stand["state"] != "ok":
        return data
    group = stand["group"]
    data.update(
        totals_only=stand["totals_only"],
        position=stand["position"],
        group=(
            {
                "label": group["label"],
                "size": group["size"],
                "n_groups": group["n_groups"],
                "representative": [
                    {**_statement(r), "direction": r["direction"], "p_pct": r["p_pct"], "mine": r["mine"]}
                    for r in group["representative"]
                ],
            }
            if group
            else None
        ),
        sides=[
            {
                "side_id": side["side_id"],
                "label": side["label"],
                "name": side["name"],
                "compared": side["compared"],
                "same": side["same"],
                "same_pct": side["same_pct"],
                "differ": [
                    {**_statement(d), "mine": d["mine"], "side_majority": d["side_majority"]} for d in side["differ"]
                ],
            }
            for side in stand["sides"]
        ],
    )
    return data


@require_GET
def stand(request: HttpRequest, slug: str) -> JsonResponse:
    dialogue, member = access_dialogue(request, slug)
    member = check_own_stand(member)
    language = queries.active_language()
    summary = queries.dialogue_dict(dialogue, language)
    return api_response(stand_v1(stand_view(dialogue, member, language, summary["sides"])))
