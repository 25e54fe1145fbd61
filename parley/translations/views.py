"""The translators' pages: a side's queue with forms to propose, review and dispute, and the side's
translators. Plain forms with POST-redirect-GET; a refused request re-renders the queue with the
message and status 400. Rules live in `access`; every write is an action of `actions`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parley.dialogues import queries as dialogue_queries
from parley.dialogues.access import ActionError, access_dialogue
from parley.dialogues.models import Dialogue, Membership
from parley.ratelimit.limits import check_rate
from parley.translations import access, actions, text_actions
from parley.translations.api import translation_queue_v1

# Writes per minute and browser: a translator working through the queue stays well under it.
WRITE_LIMIT = 30


def _render(request: HttpRequest, dialogue: Dialogue, member: Membership, status: int = 200) -> HttpResponse:
    language = dialogue_queries.active_language()
    context = translation_queue_v1(dialogue, member, language)
    return render(request, "translations/queue.html", {**context, "member": member}, status=status)


@require_GET
def queue_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A side's translation queue: for its translators, moderators, co-chair and organizers."""
    dialogue, member = access_dialogue(request, slug)
    member = access.check_can_see_queue(member)
    return _render(request, dialogue, member)


def _write(request: HttpRequest, slug: str, act: Callable[[Membership | None], object], done: str) -> HttpResponse:
    dialogue, member = access_dialogue(request, slug)
    check_rate(request, "translation", limit=WRITE_LIMIT)
    try:
        act(member)
    except ActionError as error:
        messages.error(request, error.message)
        return _render(request, dialogue, access.check_can_see_queue(member), status=400)
    messages.success(request, done)
    anchor = request.POST.get("statement", "")
    url = reverse("translations:queue", args=[slug])
    return redirect(f"{url}#statement-{anchor}" if anchor.isdigit() else url)


@require_POST
def propose(request: HttpRequest, slug: str) -> HttpResponse:
    post = request.POST
    return _write(
        request,
        slug,
        lambda m: (
            text_actions.do_propose_text_translation(
                m, post.get("kind"), post.get("statement"), post.get("language"), post.get("text")
            )
            if post.get("kind")
            else actions.do_propose_translation(m, post.get("statement"), post.get("language"), post.get("text"))
        ),
        _("Your translation is proposed. A translator or moderator of the other side reviews it."),
    )


@require_POST
def review(request: HttpRequest, slug: str) -> HttpResponse:
    post = request.POST
    return _write(
        request,
        slug,
        # The version the reviewer read is required: a text changed since is refused.
        lambda m: (
            text_actions.do_review_text_translation(
                m, post.get("kind"), post.get("statement"), post.get("language"), post.get("version")
            )
            if post.get("kind")
            else actions.do_review_translation(m, post.get("statement"), post.get("language"), post.get("version"))
        ),
        _("Both sides now accept this translation."),
    )


@require_POST
def dispute(request: HttpRequest, slug: str) -> HttpResponse:
    post = request.POST
    return _write(
        request,
        slug,
        lambda m: (
            text_actions.do_dispute_text_translation(
                m,
                post.get("kind"),
                post.get("statement"),
                post.get("language"),
                post.get("reason"),
                post.get("version"),
            )
            if post.get("kind")
            else actions.do_dispute_translation(
                m, post.get("statement"), post.get("language"), post.get("reason"), post.get("version")
            )
        ),
        _("The translation is marked as disputed and goes back to the translators."),
    )


@require_POST
def appoint(request: HttpRequest, slug: str) -> HttpResponse:
    """Grant (with languages) or withdraw a member's translator capability."""
    post = request.POST
    if post.get("action") == "withdraw":
        return _write(
            request,
            slug,
            lambda m: actions.do_withdraw_translator(m, post.get("member")),
            _("This member is no longer a translator."),
        )
    return _write(
        request,
        slug,
        lambda m: actions.do_grant_translator(m, post.get("member"), post.getlist("languages")),
        _("This member is now a translator for the languages you chose."),
    )
