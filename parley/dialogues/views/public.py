"""Pages anyone may read: the list of dialogues, a dialogue's front page and its results."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from parley.analysis.listing import statement_listing
from parley.analysis.queries import analysis_summary
from parley.dialogues import queries
from parley.dialogues.access import access_dialogue, is_shell, is_site_administrator, session_memberships
from parley.dialogues.figures import dialogue_figures, figures_view
from parley.dialogues.first_cochairs import created_dialogues, side_states
from parley.dialogues.models import Membership
from parley.dialogues.views import HtmxHttpRequest, respond


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    language = queries.active_language()
    mine = session_memberships(request)
    dialogues = queries.public_dialogue_list(language)
    created = created_dialogues(language) if is_site_administrator(request.user) else []
    return respond(
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
        },
        page={"created": created},
    )


@require_GET
def dialogue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue, member = access_dialogue(request, slug, administrator_sees_shell=True)
    language = queries.active_language()
    administrator = member is None and is_site_administrator(request.user) and is_shell(dialogue)
    first_cochairs = side_states(dialogue, language) if administrator else []
    pending = 0
    if member is not None and member.leads_side:
        from parley.governance.models import Proposal

        pending = (
            Proposal.objects.filter(dialogue=dialogue, state=Proposal.State.PENDING).exclude(side=member.side).count()
        )
    signing = None
    if dialogue.status != dialogue.Status.DRAFT:
        from parley.publicrecord.queries import signing_status

        signing = signing_status(dialogue, member)
    setup = None
    if member is not None and member.leads_side:
        from parley.governance.setup_queries import setup_checklist

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
    context = queries.results(dialogue, language)
    context["analysis"] = analysis_summary(dialogue, language, context["dialogue"]["sides"])
    listing = statement_listing(
        context["statements"], context["analysis"], request.GET.get("show", ""), request.GET.get("page", "")
    )
    if request.htmx and not request.htmx.history_restore_request:
        # A filter or page link followed with htmx: only the list changes.
        return render(request, "dialogues/_results_table.html", {**context, "listing": listing})
    return respond(request, "dialogues/results.html", context, page={"member": member, "listing": listing})


@require_GET
def dialogue_list_api(request: HttpRequest) -> HttpResponse:
    language = queries.active_language()
    return respond(request, "", {"dialogues": queries.public_dialogue_list(language)})


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
