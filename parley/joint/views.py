"""Joint statement pages: the list, drafting, the statement with its amendments, votes and signatures."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parley.dialogues import queries as dialogue_queries
from parley.dialogues.access import ActionError, access_dialogue, require_member
from parley.dialogues.models import Dialogue, Membership, pick_language_code
from parley.documents.responses import pdf_response
from parley.errors import NotFound
from parley.joint import access as joint_access
from parley.joint import actions as joint
from parley.joint import press
from parley.joint import queries as joint_queries
from parley.joint import votes as joint_votes
from parley.joint.api import joint_list_v1, joint_v1
from parley.joint.models import JointStatement
from parley.proposals.forms import proposal_data
from parley.ratelimit.limits import check_rate


@require_GET
def joint_list(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue, member = access_dialogue(request, slug)
    language = dialogue_queries.active_language()
    return render(request, "joint/list.html", {**joint_list_v1(dialogue, language), "member": member})


@require_http_methods(["GET", "POST"])
def joint_new(request: HttpRequest, slug: str) -> HttpResponse:
    """A co-chair or deputy starts a draft from the latest analysis's common ground."""
    dialogue, member = access_dialogue(request, slug)
    member = joint_access.check_can_draft(member)
    status = 200
    if request.method == "POST":
        check_rate(request, "joint", limit=30)
        data = proposal_data(request.POST)
        try:
            started = joint.do_start_joint(member, data.get("title"), request.POST.getlist("statements"))
        except ActionError as error:
            messages.error(request, error.message)
            status = 400
        else:
            messages.success(request, _("The draft is started. Either side may now propose amendments."))
            return redirect("joint:detail", slug=slug, joint_id=started.pk)
    language = dialogue_queries.active_language()
    context = {
        "dialogue": dialogue_queries.dialogue_dict(dialogue, language),
        **joint_queries.draft_candidates(dialogue, language),
    }
    return render(request, "joint/new.html", {**context, "member": member}, status=status)


def _render(
    request: HttpRequest, dialogue: Dialogue, member: Membership | None, statement: JointStatement, status: int = 200
) -> HttpResponse:
    language = dialogue_queries.active_language()
    context = joint_v1(dialogue, statement, member, language)
    return render(request, "joint/detail.html", {**context, "member": member}, status=status)


@require_GET
def joint_detail(request: HttpRequest, slug: str, joint_id: int) -> HttpResponse:
    dialogue, member = access_dialogue(request, slug)
    return _render(request, dialogue, member, joint_access.find_joint(dialogue, joint_id))


@require_POST
def joint_act(request: HttpRequest, slug: str, joint_id: int, what: str) -> HttpResponse:
    """Amend, vote or sign: each a form on the statement's page."""
    dialogue, member = access_dialogue(request, slug)
    member = require_member(member)
    statement = joint_access.find_joint(dialogue, joint_id)
    check_rate(request, "joint", limit=30)
    post = request.POST
    try:
        if what == "amend":
            joint.do_propose_amendment(member, joint_id, proposal_data(post))
            messages.success(
                request, _("Amendment proposed. The other side's co-chair or deputy accepts or rejects it.")
            )
        elif what == "vote":
            joint.do_vote_joint(member, joint_id, post.get("clause", ""), post.get("value"))
            messages.success(request, _("Your vote is recorded."))
        elif what == "sign":
            joint.do_sign_joint(member, joint_id, post.get("signature", ""))
            messages.success(request, _("Your signature is checked and added."))
        else:
            raise Http404(_("There is no such page."))
    except ActionError as error:
        messages.error(request, error.message)
        statement.refresh_from_db()
        return _render(request, dialogue, member, statement, status=400)
    return redirect("joint:detail", slug=slug, joint_id=joint_id)


@require_POST
def joint_answer(request: HttpRequest, slug: str, joint_id: int, amendment_id: int, decision: str) -> HttpResponse:
    """Accept, reject or withdraw an amendment."""
    dialogue, member = access_dialogue(request, slug)
    member = require_member(member)
    statement = joint_access.find_joint(dialogue, joint_id)
    check_rate(request, "joint", limit=30)
    try:
        if decision == "accept":
            version = joint.do_accept_amendment(member, joint_id, amendment_id)
            messages.success(request, _("Accepted: the text is now version %(n)d.") % {"n": version.number})
        elif decision == "reject":
            joint.do_reject_amendment(member, joint_id, amendment_id, request.POST.get("reason", ""))
            messages.success(request, _("Rejected. Your reason is shown with the amendment."))
        elif decision == "withdraw":
            joint.do_withdraw_amendment(member, joint_id, amendment_id)
            messages.success(request, _("Withdrawn."))
        else:
            raise Http404(_("There is no such page."))
    except ActionError as error:
        messages.error(request, error.message)
        return _render(request, dialogue, member, statement, status=400)
    return redirect("joint:detail", slug=slug, joint_id=joint_id)


@require_GET
def joint_versions(request: HttpRequest, slug: str, joint_id: int) -> HttpResponse:
    """Every version, and the differences between two of them, per clause and language."""
    dialogue, member = access_dialogue(request, slug)
    statement = joint_access.find_joint(dialogue, joint_id)
    language = dialogue_queries.active_language()
    numbers = dict(statement.versions.values_list("number", "pk"))
    latest = max(numbers)
    status, error = 200, ""
    try:
        old = int(request.GET.get("a", max(latest - 1, 1)))
        new = int(request.GET.get("b", latest))
    except ValueError:
        old, new = max(latest - 1, 1), latest
        status, error = 400, _("Choose two versions by their numbers.")
    if old not in numbers or new not in numbers:
        old, new = max(latest - 1, 1), latest
        status, error = 400, _("Choose two versions by their numbers.")
    if error:
        messages.error(request, error)
    versions = {v.number: v for v in statement.versions.all()}
    context = {
        "dialogue": dialogue_queries.dialogue_dict(dialogue, language),
        "joint": {
            "id": statement.pk,
            "title": statement.title_text(language),
            "title_lang": pick_language_code(statement.title, language),
        },
        "versions": joint_queries.versions(statement),
        "a": old,
        "b": new,
        "clauses": joint_queries.compare(statement, versions[old], versions[new]),
    }
    return render(request, "joint/versions.html", {**context, "member": member}, status=status)


@require_GET
def joint_canonical(request: HttpRequest, slug: str, joint_id: int) -> HttpResponse:
    """The exact bytes both co-chairs sign, to check a signature or sign with `parley sign`."""
    dialogue, _member = access_dialogue(request, slug)
    statement = joint_access.find_joint(dialogue, joint_id)
    if statement.state == JointStatement.State.DRAFT:
        raise Http404(_("A draft has no final text to sign yet."))
    response = HttpResponse(bytes(statement.canonical), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-joint-{statement.pk}.json"'
    return response


@require_GET
def joint_receipt(request: HttpRequest, slug: str, joint_id: int) -> HttpResponse:
    """The member's receipt for their votes on this joint statement: only they can fetch it, no cache keeps it."""
    dialogue, member = access_dialogue(request, slug)
    member = require_member(member)
    statement = joint_access.find_joint(dialogue, joint_id)
    response = HttpResponse(joint_votes.my_receipt(statement, member), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="parley-receipt-{slug}-joint-{statement.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def joint_pdf(request: HttpRequest, slug: str, joint_id: int) -> HttpResponse:
    """The press PDF of a ratified joint statement: every language, both signatures, a QR code to this page."""
    dialogue, member = access_dialogue(request, slug)
    statement = joint_access.find_joint(dialogue, joint_id)
    try:
        joint_access.check_ratified(statement)
    except NotFound as error:  # the statement's own page, saying why there is no PDF yet
        messages.error(request, str(error))
        return _render(request, dialogue, member, statement, status=404)
    page_url = request.build_absolute_uri(reverse("joint:detail", args=[slug, statement.pk]))
    context = press.press_context(statement, dialogue_queries.active_language(), page_url)
    return pdf_response(request, "joint/statement_pdf.html", context, f"{slug}-joint-{statement.pk}.pdf")
