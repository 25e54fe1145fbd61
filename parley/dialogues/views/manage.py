"""Running a dialogue: creating it, inviting each side, and opening or closing it with both sides."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parley.dialogues import actions, queries
from parley.dialogues.access import (
    INVITABLE_ROLES,
    ActionError,
    access_dialogue,
    check_can_manage,
    first_cochair_side,
    side_without_cochair,
)
from parley.dialogues.forms import DialogueForm, InviteForm
from parley.dialogues.models import Dialogue, Invite, Membership
from parley.dialogues.views import administrator, show_error
from parley.ratelimit.limits import check_rate

NEW_INVITE_LINK = "parley_new_invite_link"


@login_required
@require_http_methods(["GET", "POST"])
def create_dialogue(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.is_superuser:
        return administrator.create_shell(request)
    form = DialogueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check_rate(request, "create-dialogue", limit=5)
            dialogue, _member = actions.do_create_dialogue(
                request.user,
                title=form.per_language("title"),
                description=form.per_language("description"),
                languages=form.cleaned_data["languages"],
                sides=form.side_specs(),
                my_side=form.cleaned_data["my_side"],
                handle=form.cleaned_data["handle"],
            )
        except ActionError as error:
            show_error(form, error)
        else:
            messages.success(
                request, _("The dialogue is created as a draft. Invite the other side's co-chair to begin.")
            )
            return redirect("dialogues:manage", slug=dialogue.slug)
    return render(request, "dialogues/create.html", {"form": form}, status=400 if request.method == "POST" else 200)


def _invite_roles(member: Membership, dialogue: Dialogue) -> tuple[list, list[str]]:
    """The sides and roles this member may invite: their own side, plus the other side's first co-chair."""
    sides = [member.side]
    roles = list(INVITABLE_ROLES.get(member.role, []))
    other = first_cochair_side(member)
    if other is not None:
        sides.append(other)
        roles.append(Membership.Role.COCHAIR.value)
    return sides, roles


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """Invitations of the member's side, and the dialogue's status."""
    dialogue, member = access_dialogue(request, slug)
    member = check_can_manage(member)
    sides, roles = _invite_roles(member, dialogue)
    first_cochair_for = first_cochair_side(member)
    form = InviteForm(request.POST or None, sides=sides, roles=roles, initial={"side": member.side_id})
    if request.method != "POST":
        # The general form offers only what succeeds: one's own side and the roles one may invite to it.
        # The other side's first co-chair has a form of its own below.
        form = InviteForm(
            sides=[member.side], roles=INVITABLE_ROLES.get(member.role, []), initial={"side": member.side_id}
        )
    if request.method == "POST" and form.is_valid():
        try:
            check_rate(request, "invite", limit=30)
            _invite, token = actions.do_create_invite(
                member,
                side_id=form.cleaned_data["side"],
                role=form.cleaned_data["role"],
                max_uses=form.cleaned_data["max_uses"],
                expires_in_days=form.cleaned_data["expires_in_days"],
                note=form.cleaned_data["note"],
            )
        except ActionError as error:
            show_error(form, error)
        else:
            request.session[NEW_INVITE_LINK] = request.build_absolute_uri(reverse("dialogues:join", args=[token]))
            return redirect("dialogues:manage", slug=slug)
    language = queries.active_language()
    invites = Invite.objects.filter(dialogue=dialogue).filter(side=member.side) | Invite.objects.filter(
        dialogue=dialogue, created_by=member
    )
    members = Membership.objects.filter(dialogue=dialogue, side=member.side).order_by("role", "handle")
    return render(
        request,
        "dialogues/manage.html",
        {
            "dialogue": queries.dialogue_dict(dialogue, language),
            "member": member,
            "form": form,
            "new_link": request.session.pop(NEW_INVITE_LINK, None),
            "invites": invites.distinct().select_related("side", "created_by"),
            "members": members,
            "other_side_missing": side_without_cochair(dialogue),
            "first_cochair_for": first_cochair_for,
            "cochair_role": Membership.Role.COCHAIR.value,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def revoke_invite(request: HttpRequest, slug: str, invite_id: int) -> HttpResponse:
    _dialogue, member = access_dialogue(request, slug)
    member = check_can_manage(member)
    check_rate(request, "invite", limit=30)
    actions.do_revoke_invite(member, invite_id)
    messages.success(request, _("The invitation is withdrawn; its link no longer works."))
    return redirect("dialogues:manage", slug=slug)
