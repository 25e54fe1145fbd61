"""The site administrator's pages: creating an empty dialogue, and its first co-chairs' links.

Every write answers with a redirect, so reloading the page that follows writes nothing again."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parley.dialogues import actions, queries
from parley.dialogues.access import ActionError, access_shell
from parley.dialogues.first_cochairs import side_states
from parley.dialogues.forms import DialogueForm
from parley.dialogues.views import show_error
from parley.ratelimit.limits import check_rate

# The links just made, shown once on the next page: {dialogue id: {side id: link}}.
NEW_LINKS = "parley_first_cochair_links"
JUST_CREATED = "parley_shell_created"


def create_shell(request: HttpRequest) -> HttpResponse:
    """The site administrator creates an empty dialogue and gets the two first co-chairs' links."""
    form = DialogueForm(request.POST or None, empty_shell=True)
    if request.method == "POST" and form.is_valid():
        try:
            check_rate(request, "create-dialogue", limit=5)
            dialogue, tokens = actions.do_create_shell(
                request.user,
                title=form.per_language("title"),
                description=form.per_language("description"),
                languages=form.cleaned_data["languages"],
                sides=form.side_specs(),
            )
        except ActionError as error:
            show_error(form, error)
        else:
            for side, token in zip(dialogue.ordered_sides(), tokens, strict=True):
                _keep_link(request, dialogue.pk, side.pk, token)
            request.session[JUST_CREATED] = dialogue.pk
            return redirect("dialogues:first_cochairs", slug=dialogue.slug)
    return render(
        request,
        "dialogues/create.html",
        {"form": form, "shell": True},
        status=400 if request.method == "POST" else 200,
    )


def _keep_link(request: HttpRequest, dialogue_id: int, side_id: int, token: str) -> None:
    links = dict(request.session.get(NEW_LINKS, {}))
    links.setdefault(str(dialogue_id), {})[str(side_id)] = request.build_absolute_uri(
        reverse("dialogues:join", args=[token])
    )
    request.session[NEW_LINKS] = links


@require_GET
def first_cochairs(request: HttpRequest, slug: str) -> HttpResponse:
    """Each side's first co-chair: the state of their link, a link just made (shown once), and a
    button to make a new one while the side has no co-chair."""
    dialogue = access_shell(request, slug)
    language = queries.active_language()
    links = dict(request.session.get(NEW_LINKS, {}))
    fresh = links.pop(str(dialogue.pk), {})
    request.session[NEW_LINKS] = links
    just_created = request.session.get(JUST_CREATED) == dialogue.pk
    if just_created:
        del request.session[JUST_CREATED]
    sides = side_states(dialogue, language)
    for side in sides:
        side["link"] = fresh.get(str(side["id"]))
    return render(
        request,
        "dialogues/shell_created.html",
        {
            "dialogue": queries.dialogue_dict(dialogue, language),
            "address": request.build_absolute_uri(reverse("dialogues:detail", args=[dialogue.slug])),
            "sides": sides,
            "just_created": just_created,
            "any_link": bool(fresh),
        },
    )


@require_POST
def reissue_first_cochair(request: HttpRequest, slug: str, side_id: int) -> HttpResponse:
    """A new link for a side's first co-chair; the earlier one stops working."""
    dialogue = access_shell(request, slug)
    check_rate(request, "invite", limit=30)
    try:
        token = actions.do_reissue_first_cochair_invite(request.user, dialogue.pk, side_id)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        _keep_link(request, dialogue.pk, side_id, token)
        messages.success(request, _("A new link is made; the earlier one no longer works."))
    return redirect("dialogues:first_cochairs", slug=slug)
