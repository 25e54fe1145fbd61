"""Pages that compose several apps, so they sit above them all (with `parley/urls.py`).

A dialogue's front page shows its figures (dialogues), the proposals waiting for a co-chair and the
setup checklist (governance) and the record's signing state (publicrecord); its results page shows
the votes (dialogues) with the latest analysis (analysis). Their URLs keep their names in the
`dialogues` and `api` namespaces: `parley/urls.py` adds `urlpatterns` and `api_urlpatterns` below
to those of the dialogues app.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from parley.analysis.listing import statement_listing
from parley.analysis.queries import analysis_summary
from parley.checkpoints.queries import signing_status
from parley.dialogues import queries
from parley.dialogues.access import access_dialogue, is_shell, is_site_administrator
from parley.dialogues.api import api_response
from parley.dialogues.figures import dialogue_figures, figures_view
from parley.dialogues.first_cochairs import side_states
from parley.dialogues.views import HtmxHttpRequest
from parley.proposals.models import Proposal
from parley.proposals.setup_queries import setup_checklist
from parley.reports.queries import reports_list


@require_GET
def dialogue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue, member = access_dialogue(request, slug, administrator_sees_shell=True)
    language = queries.active_language()
    administrator = member is None and is_site_administrator(request.user) and is_shell(dialogue)
    first_cochairs = side_states(dialogue, language) if administrator else []
    pending = 0
    if member is not None and member.leads_side:
        pending = (
            Proposal.objects.filter(dialogue=dialogue, state=Proposal.State.PENDING).exclude(side=member.side).count()
        )
    signing = None
    if dialogue.status != dialogue.Status.DRAFT:
        signing = signing_status(dialogue, member)
    setup = None
    if member is not None and member.leads_side:
        setup = setup_checklist(dialogue, member, language)
    summary = queries.dialogue_dict(dialogue, language)
    context = {
        "setup": setup,
        "dialogue": summary,
        "figures": figures_view(dialogue_figures(dialogue), summary["sides"], language),
        "member": member,
        "pending": pending,
        "signing": signing,
        "delegations": queries.delegations(dialogue, language),
        "reports": reports_list(dialogue.pk, timezone.now(), member=member is not None),
        "first_cochairs": first_cochairs,
        # The site administrator sees a draft they created, but none of its members' pages.
        "administrator_draft": administrator and dialogue.status == dialogue.Status.DRAFT,
    }
    return render(request, "dialogues/dialogue.html", context)


@require_GET
def results(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    dialogue, member = access_dialogue(request, slug)
    language = queries.active_language()
    if request.htmx and request.GET.get("part") == "analysis":
        # The analysis section polls while a run computes: it needs no vote counts.
        summary = queries.dialogue_dict(dialogue, language)
        part = {"dialogue": summary, "analysis": analysis_summary(dialogue, language, summary["sides"])}
        return render(request, "analysis/_summary.html", part)
    context = results_data(dialogue, language)
    listing = statement_listing(
        context["statements"], context["analysis"], request.GET.get("show", ""), request.GET.get("page", "")
    )
    if request.htmx and not request.htmx.history_restore_request:
        # A filter or page link followed with htmx: only the list changes.
        return render(request, "dialogues/_results_table.html", {**context, "listing": listing})
    return render(request, "dialogues/results.html", {**context, "member": member, "listing": listing})


def results_data(dialogue: Any, language: str) -> dict[str, Any]:
    """A dialogue's results as `GET /api/v1/dialogues/<slug>/results/` returns them: the vote counts
    (dialogues) with the latest analysis (analysis); the HTML page shows the same dict."""
    data = queries.results(dialogue, language)
    data["analysis"] = analysis_summary(dialogue, language, data["dialogue"]["sides"])
    return data


@require_GET
def results_api(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue, _member = access_dialogue(request, slug)
    return api_response(results_data(dialogue, queries.active_language()))


urlpatterns = [
    path("d/<slug:slug>/", dialogue_detail, name="detail"),
    path("d/<slug:slug>/results/", results, name="results"),
]

api_urlpatterns = [
    path("dialogues/<slug:slug>/results/", results_api, name="api_results"),
]
