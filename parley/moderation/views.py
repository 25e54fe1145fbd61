"""Moderation pages: the public policy and log, each side's queue, flagging, and the author's appeal.

Plain forms with POST-redirect-GET; a refused request re-renders its page with the message and
status 400. Permission rules live in `moderation_access`; every write is an action of `moderation`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parley.dialogues import queries as dialogue_queries
from parley.dialogues.access import ActionError, access_dialogue, require_member
from parley.dialogues.models import Dialogue, Membership
from parley.moderation import access as moderation_access
from parley.moderation import actions as moderation
from parley.moderation import queries as moderation_queries
from parley.moderation.api import moderation_v1
from parley.moderation.models import Flag, Hold
from parley.proposals import actions
from parley.ratelimit.limits import check_rate


@require_GET
def moderation_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Anyone who can read the dialogue reads its moderation policy, blocklist and log."""
    dialogue, member = access_dialogue(request, slug)
    language = dialogue_queries.active_language()
    return render(request, "moderation/log.html", {**moderation_v1(dialogue, language), "member": member})


def _render_queue(
    request: HttpRequest, dialogue: Dialogue, member: Membership | None, status: int = 200
) -> HttpResponse:
    member = moderation_access.check_moderates(member)
    language = dialogue_queries.active_language()
    context = {
        "dialogue": dialogue_queries.dialogue_dict(dialogue, language),
        "side": dialogue_queries.side_dict(member.side, language),
        **moderation_queries.queue(dialogue, member, language),
    }
    page = {"member": member, "rule_choices": Hold.Rule.choices[:-1]}
    return render(request, "moderation/queue.html", {**context, **page}, status=status)


@require_GET
def queue_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A side's moderation queue: for its moderators, co-chair and deputy only."""
    dialogue, member = access_dialogue(request, slug)
    moderation_access.check_moderates(member)
    # No settling here: a GET writes nothing. A hold past its 48 hours is left out of the queue, as
    # returned (`moderation_queries.queue`); the next write, or `parley worker`, records its return.
    return _render_queue(request, dialogue, member)


def _queue_action(request: HttpRequest, slug: str, act: Any, done: str) -> HttpResponse:
    """Run a moderator's decision; back to the queue, or the queue again with the message and 400."""
    dialogue, member = access_dialogue(request, slug)
    member = moderation_access.check_moderates(member)
    check_rate(request, "moderate", limit=60)
    try:
        actions.do_settle(dialogue.pk)
        act(member)
    except ActionError as error:
        messages.error(request, error.message)
        return _render_queue(request, dialogue, member, status=400)
    messages.success(request, done)
    if request.POST.get("next") == "vote":
        return redirect("dialogues:vote", slug=slug)
    return redirect("moderation:queue", slug=slug)


@require_POST
def hold(request: HttpRequest, slug: str) -> HttpResponse:
    post = request.POST
    return _queue_action(
        request,
        slug,
        lambda m: moderation.do_hold(m, post.get("statement"), post.get("rule"), post.get("reason")),
        _("The statement is on hold. A moderator of the other side decides whether it stays hidden."),
    )


@require_POST
def dismiss(request: HttpRequest, slug: str, statement_id: int) -> HttpResponse:
    return _queue_action(
        request, slug, lambda m: moderation.do_dismiss_flags(m, statement_id), _("The flags are set aside.")
    )


@require_POST
def decide(request: HttpRequest, slug: str, hold_id: int, decision: str) -> HttpResponse:
    return _queue_action(
        request, slug, lambda m: moderation.do_decide_hold(m, hold_id, decision), _("Your side's decision is recorded.")
    )


@require_POST
def answer(request: HttpRequest, slug: str, appeal_id: int, answer: str) -> HttpResponse:
    return _queue_action(
        request,
        slug,
        lambda m: moderation.do_answer_appeal(m, appeal_id, answer),
        _("Your side's answer to the appeal is recorded."),
    )


@require_http_methods(["GET", "POST"])
def flag(request: HttpRequest, slug: str) -> HttpResponse:
    """Flag a statement for the moderators of both sides (the vote card's form posts here)."""
    dialogue, member = access_dialogue(request, slug)
    member = require_member(member)
    language = dialogue_queries.active_language()
    asked = request.POST.get("statement") if request.method == "POST" else request.GET.get("statement")
    error = None
    if request.method == "POST":
        check_rate(request, "flag", limit=20)
        try:
            moderation.do_flag(member, asked, request.POST.get("reason"), request.POST.get("note", ""))
        except ActionError as e:
            error = e.message
        else:
            messages.success(
                request, _("Thank you. The moderators of both sides will look at it; nobody else sees who flagged it.")
            )
            return redirect("dialogues:vote", slug=slug)
    statement = None
    try:
        _member, found = moderation_access.access_flaggable_statement(member, asked)
        statement = dialogue_queries.statement_dict(found, language)
    except ActionError as e:
        error = error or e.message
    context = {
        "dialogue": dialogue_queries.dialogue_dict(dialogue, language),
        "statement": statement,
        "error": error,
        "chosen": request.POST.get("reason", ""),
        "note": request.POST.get("note", ""),
    }
    page = {"member": member, "reasons": Flag.Reason.choices}
    return render(request, "moderation/flag.html", {**context, **page}, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest, slug: str, statement_id: int) -> HttpResponse:
    """The author's page for a held or removed statement: its case, and the appeal form."""
    dialogue, member = access_dialogue(request, slug)
    member = require_member(member)
    error = None
    if request.method == "POST":
        check_rate(request, "appeal", limit=10)
        try:
            actions.do_settle(dialogue.pk)
            moderation.do_appeal(member, statement_id, request.POST.get("text"))
        except ActionError as e:
            error = e.message
        else:
            messages.success(request, _("Your appeal is sent to the moderators of both sides."))
            return redirect("moderation:appeal", slug=slug, statement_id=statement_id)
    language = dialogue_queries.active_language()
    case = moderation_queries.author_case(member, statement_id, language)
    if case is None and error is None:
        error = _("This statement of yours is not on hold or removed.")
    context = {
        "dialogue": dialogue_queries.dialogue_dict(dialogue, language),
        "case": case,
        "error": error,
        "text": request.POST.get("text", ""),
        "limit": moderation.MAX_APPEAL,
    }
    return render(request, "moderation/appeal.html", {**context, "member": member}, status=400 if error else 200)
