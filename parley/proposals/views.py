"""The proposals page: what each side proposed, what the other side answered, and forms to propose."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parley.analysis.models import AnalysisRun
from parley.dialogues import queries as dialogue_queries
from parley.dialogues.access import ActionError, access_dialogue, require_member
from parley.dialogues.forms import language_choices
from parley.dialogues.models import LANGUAGE_CODES, Dialogue, Membership
from parley.lang.names import collation_key
from parley.proposals import actions, queries
from parley.proposals.api import proposals_v1
from parley.proposals.forms import proposal_data
from parley.proposals.kinds import APPOINTABLE, KINDS
from parley.ratelimit.limits import check_rate

NEW_PROPOSED_LINK = "parley_new_proposed_invite_link"


@require_GET
def proposals_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Everyone may read what was proposed and decided; members see the forms their role allows."""
    dialogue, member = access_dialogue(request, slug)
    # No settling here: a GET writes nothing. A proposal past its time shows as expired
    # (`queries.proposal_dict`); the next write, or `parley worker`, records its expiry.
    return _render(request, dialogue, member)


def _render(request: HttpRequest, dialogue: Dialogue, member: Membership | None, status: int = 200) -> HttpResponse:
    language = dialogue_queries.active_language()
    context = proposals_v1(dialogue, member, language)
    page: dict[str, Any] = {"member": member}
    if member is not None:
        page.update(
            kinds=queries.proposable_kinds(member),
            blocked=queries.proposals_blocked(dialogue),
            open_kind=request.GET.get("propose", ""),
            new_link=request.session.pop(NEW_PROPOSED_LINK, None),
            side_members=sorted(
                Membership.objects.filter(side=member.side).exclude(
                    role__in=[Membership.Role.OBSERVER, Membership.Role.COCHAIR]
                ),
                key=lambda m: collation_key(language)(m.handle),
            ),
            appointable=[(r, Membership.Role(r).label) for r in APPOINTABLE],
            runs=AnalysisRun.objects.filter(dialogue=dialogue, status=AnalysisRun.Status.DONE)[:10],
            dialogue_obj=dialogue,
            language_choices=language_choices(LANGUAGE_CODES),
            **{k: v for choices in queries.FORM_CHOICES for k, v in choices(dialogue).items()},
        )
    return render(request, "proposals/proposals.html", {**context, **page}, status=status)


@require_POST
def propose(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue, member = access_dialogue(request, slug)
    member = require_member(member)
    check_rate(request, "propose", limit=20)
    try:
        made = actions.do_propose(
            member,
            request.POST.get("kind"),
            proposal_data(request.POST),
            days=request.POST.get("days", actions.DEFAULT_DAYS),
        )
    except ActionError as error:
        messages.error(request, error.message)
        return _render(request, dialogue, member, status=400)
    else:
        if made.proposal.kind == "invite":
            link = request.build_absolute_uri(reverse("dialogues:join", args=[made.extra]))
            request.session[NEW_PROPOSED_LINK] = link
        messages.success(request, _("Proposed. It takes effect when the other side's co-chair or deputy approves it."))
        kind = KINDS[made.proposal.kind]
        for warning in kind.warnings(made.proposal.payload, dialogue) if kind.warnings else []:
            messages.warning(request, warning)
    return redirect("proposals:proposals", slug=slug)


@require_POST
def decide(request: HttpRequest, slug: str, proposal_id: int, decision: str) -> HttpResponse:
    """Approve, reject or withdraw a proposal."""
    dialogue, member = access_dialogue(request, slug)
    member = require_member(member)
    check_rate(request, "decide", limit=30)
    try:
        if decision == "approve":
            actions.do_approve_proposal(member, proposal_id)
            messages.success(request, _("Approved: the change has taken effect."))
        elif decision == "reject":
            actions.do_reject_proposal(member, proposal_id, request.POST.get("reason", ""))
            messages.success(request, _("Rejected. Your reason is shown with the proposal."))
        elif decision == "withdraw":
            actions.do_withdraw_proposal(member, proposal_id)
            messages.success(request, _("Withdrawn."))
        else:
            raise Http404(_("There is no such page."))
    except ActionError as error:
        messages.error(request, error.message)
        return _render(request, dialogue, member, status=400)
    return redirect("proposals:proposals", slug=slug)
