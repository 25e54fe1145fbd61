"""The reports API (`/api/v1/dialogues/<slug>/reports/`): the dialogue's frozen reports, with the hash of each
snapshot. Its answer is built by a serialiser naming every field (docs/api.md lists them); a report's full
content is its snapshot, served byte for byte at `/d/<slug>/reports/<id>/snapshot.json`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from parley.dialogues import queries as dialogue_queries
from parley.dialogues.access import access_dialogue
from parley.dialogues.api import api_response
from parley.dialogues.models import Dialogue
from parley.reports.models import FrozenReport


def reports_v1(dialogue: Dialogue, language: str, *, member: bool) -> dict[str, Any]:
    """The public reports, newest first; members also see those still under embargo (`public` false)."""
    now = timezone.now()
    rows = FrozenReport.objects.filter(dialogue=dialogue).select_related("report").order_by("-frozen_at", "-id")
    return {
        "dialogue": dialogue_queries.dialogue_dict(dialogue, language),
        "reports": [
            {
                "id": f.report_id,
                "run": f.report.run_id,
                "frozen_at": f.frozen_at,
                "publish_at": f.publish_at,
                "public": f.is_public(now),
                "snapshot_sha256": f.snapshot_sha256,
                "url": reverse("reports:report", args=[dialogue.slug, f.report_id]),
                "snapshot_url": reverse("reports:snapshot", args=[dialogue.slug, f.report_id]),
            }
            for f in rows
            if member or f.is_public(now)
        ],
    }


@require_GET
def reports(request: HttpRequest, slug: str) -> JsonResponse:
    dialogue, member = access_dialogue(request, slug)
    return api_response(reports_v1(dialogue, dialogue_queries.active_language(), member=member is not None))
