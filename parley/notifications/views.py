"""Notification pages: what awaits your side, your e-mail and your side's webhook, a participant's
"new statements to vote on" and its private feed.

Plain forms with POST-redirect-GET; a refused request shows its message on the page (status 400).
Permission rules live in `access`; every write is an action of `actions`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parley.dialogues import queries as dialogue_queries
from parley.dialogues.access import access_dialogue, require_member
from parley.dialogues.models import Membership
from parley.errors import ActionError
from parley.notifications import access, actions
from parley.notifications.api import awaiting_v1
from parley.notifications.models import EmailSettings, Webhook
from parley.ratelimit.limits import check_rate


@require_GET
def awaiting_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything awaiting the member's side for their role, soonest deadline first."""
    dialogue, member = access_dialogue(request, slug)
    member = require_member(member)
    return render(request, "notifications/awaiting.html", {**awaiting_v1(dialogue, member), "member": member})


def _settings_context(member: Membership) -> dict[str, Any]:
    email = EmailSettings.objects.filter(user_id=member.user_id).first() if member.user_id else None
    hook = Webhook.objects.filter(side_id=member.side_id).first() if member.is_cochair else None
    return {
        "member": member,
        "can_email": member.role in access.EMAIL_ROLES and member.user_id is not None,
        "email": email,
        "can_webhook": member.is_cochair,
        # The secret is never shown again; the URL and how delivery went are.
        "webhook": {
            "url": hook.url,
            "last_success_at": hook.last_success_at,
            "last_failure_at": hook.last_failure_at,
            "last_failure": hook.last_failure,
            "failures": hook.failures,
        }
        if hook
        else None,
    }


@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A co-chair's, deputy's or moderator's e-mail, and the co-chair's webhook for their side."""
    dialogue, member = access_dialogue(request, slug)
    member = require_member(member)
    if member.role not in access.EMAIL_ROLES:
        access.check_can_get_email(member)  # raises: nothing on this page is theirs
    status = 200
    if request.method == "POST":
        what = request.POST.get("what")
        try:
            check_rate(request, "notifications", limit=10)
            if what == "email":
                actions.do_save_email_settings(member, request.POST.get("address"), request.POST.get("enabled"))
                messages.success(request, _("Your e-mail settings are saved."))
            elif what == "webhook":
                actions.do_register_webhook(member, request.POST.get("url"), request.POST.get("secret"))
                messages.success(request, _("Your side's webhook is saved."))
            elif what == "remove-webhook":
                actions.do_remove_webhook(member)
                messages.success(request, _("Your side's webhook is removed."))
            else:
                raise ActionError(_("Choose what to save."))
            return redirect("notifications:settings", slug=slug)
        except ActionError as error:
            messages.error(request, error.message)
            status = 400
    context = {"dialogue": dialogue_queries.dialogue_dict(dialogue), **_settings_context(member)}
    return render(request, "notifications/settings.html", context, status=status)


@require_POST
def new_statements_toggle(request: HttpRequest, slug: str) -> HttpResponse:
    """A participant turns "new statements to vote on" on (the page then shows their private feed's
    address, once), off, or marks what is new as seen."""
    dialogue, member = access_dialogue(request, slug)
    what = request.POST.get("what")
    try:
        check_rate(request, "notifications", limit=10)
        if what == "seen":
            actions.do_mark_statements_seen(member)
            return redirect("dialogues:me", slug=slug)
        if what not in ("on", "off"):
            raise ActionError(_("Choose what to save."))
        token = actions.do_set_new_statements(member, what == "on")
    except ActionError as error:
        messages.error(request, error.message)
        return redirect("dialogues:me", slug=slug)
    if not token:
        messages.success(request, _("New statements are no longer counted for you."))
        return redirect("dialogues:me", slug=slug)
    feed_url = request.build_absolute_uri(reverse("notifications:feed", args=[slug, token]))
    page = {"dialogue": dialogue_queries.dialogue_dict(dialogue), "member": member, "feed_url": feed_url}
    response = render(request, "notifications/feed_created.html", page)
    response["Cache-Control"] = "no-store"
    return response
