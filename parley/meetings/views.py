"""Meeting pages: the list with the trend, a meeting, its controls, the projector and its live part."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parley.dialogues import actions as dialogue_actions
from parley.dialogues import queries as dialogue_queries
from parley.dialogues.access import access_dialogue, check_can_take_part, require_member
from parley.dialogues.models import Dialogue, Membership
from parley.errors import ActionError
from parley.meetings import access, actions, queries
from parley.meetings.api import meeting_list_v1, meeting_v1
from parley.meetings.models import Meeting
from parley.proposals.forms import proposal_data
from parley.ratelimit.limits import check_rate


@require_http_methods(["GET", "POST"])
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Every meeting and the trend across them; organizers schedule a new one here."""
    dialogue, member = access_dialogue(request, slug)
    status = 200
    if request.method == "POST":
        check_rate(request, "meetings", limit=30)
        try:
            made = actions.do_create_meeting(member, proposal_data(request.POST))
        except ActionError as error:
            messages.error(request, error.message)
            status = 400
        else:
            messages.success(request, _("The meeting is scheduled. Add its agenda below."))
            return redirect("meetings:detail", slug=slug, meeting_id=made.pk)
    language = dialogue_queries.active_language()
    context = {**meeting_list_v1(dialogue, language), "member": member}
    context["can_organize"] = member is not None and member.role in access.ORGANIZERS
    return render(request, "meetings/list.html", context, status=status)


def _render_detail(
    request: HttpRequest, dialogue: Dialogue, member: Membership | None, meeting: Meeting, status: int = 200
) -> HttpResponse:
    language = dialogue_queries.active_language()
    context: dict[str, Any] = {**meeting_v1(dialogue, meeting, member, language), "member": member}
    context["can_organize"] = member is not None and member.role in access.ORGANIZERS
    context["can_chair"] = member is not None and member.leads_side
    context["can_project"] = member is not None and member.role in access.PROJECTOR_ROLES
    context["can_enter_paper"] = member is not None and member.moderates
    if member is not None and member.can_take_part and meeting.ended_at is None:
        context["vote_now"] = queries.live(dialogue, meeting, language)
    return render(request, "meetings/detail.html", context, status=status)


@require_GET
def meeting_detail(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    dialogue, member = access_dialogue(request, slug)
    return _render_detail(request, dialogue, member, access.find_meeting(dialogue, meeting_id))


def _act(member: Membership, meeting_id: int, what: str, post: Any) -> str:
    """Do WHAT (a form of the meeting's pages); return the message that says it was done."""
    if what == "edit":
        actions.do_edit_meeting(member, meeting_id, proposal_data(post))
        return _("The meeting's details are changed.")
    if what == "add-item":
        # `kind` is a field of the proposals' forms that `proposal_data` leaves out: the item's kind here.
        actions.do_add_agenda_item(member, meeting_id, {**proposal_data(post), "kind": post.get("kind")})
        return _("The item is added to the agenda.")
    if what == "remove-item":
        actions.do_remove_agenda_item(member, meeting_id, post.get("item"))
        return _("The item is taken off the agenda.")
    if what == "attendance":
        n = actions.do_mark_attendance(member, meeting_id, post.getlist("present"))
        return _("Attendance of your side is saved: %(n)d present.") % {"n": n}
    if what == "join-link":
        actions.do_set_join_link(member, meeting_id, post.get("link", ""))
        return _("The projector's join link for your side is saved.")
    if what == "advance":
        actions.do_advance(member, meeting_id, post.get("step", "next"))
        return _("The meeting moved to the agenda item.")
    if what == "spotlight":
        actions.do_set_spotlight(member, meeting_id, post.get("statement"))
        return _("The statement is in the spotlight.")
    if what == "round":
        actions.do_start_round(member, meeting_id, post.get("seconds"))
        return _("The round has started.")
    if what == "paper":
        counts = {key: post.get(key) for key in ("agree", "disagree", "pass")}
        actions.do_enter_paper_votes(member, meeting_id, post.get("statement"), counts, post.get("side") or None)
        return _("Your side's paper ballots are saved.")
    if what == "minutes":
        language = post.get("language", "")
        title = {language: post.get("title", "")}
        actions.do_start_minutes(member, meeting_id, title, post.get("text"), language)
        return _("The minutes are drafted: both sides amend and sign them as a joint statement.")
    if what == "vote":
        # A participant's own vote, online like any other, on the statement the room is looking at.
        meeting = access.find_meeting(member.dialogue, meeting_id)
        if meeting.spotlight_id is None:
            raise ActionError(_("No statement is in the spotlight now."))
        dialogue_actions.do_cast_vote(check_can_take_part(member), meeting.spotlight_id, post.get("value"))
        return _("Your vote is recorded.")
    if what == "end":
        actions.do_end_meeting(member, meeting_id)
        return _("The meeting is closed.")
    raise Http404(_("There is no such page."))


@require_POST
def meeting_act(request: HttpRequest, slug: str, meeting_id: int, what: str) -> HttpResponse:
    """Every form of a meeting's page and of its controls."""
    dialogue, member = access_dialogue(request, slug)
    member = require_member(member)
    meeting = access.find_meeting(dialogue, meeting_id)
    check_rate(request, "meetings", limit=120)
    back = "meetings:controls" if request.POST.get("from") == "controls" else "meetings:detail"
    try:
        done = _act(member, meeting.pk, what, request.POST)
    except ActionError as error:
        messages.error(request, error.message)
        if back == "meetings:controls":
            return _render_controls(request, dialogue, member, meeting, status=400)
        meeting.refresh_from_db()
        return _render_detail(request, dialogue, member, meeting, status=400)
    messages.success(request, done)
    return redirect(back, slug=slug, meeting_id=meeting.pk)


def _render_controls(
    request: HttpRequest, dialogue: Dialogue, member: Membership, meeting: Meeting, status: int = 200
) -> HttpResponse:
    language = dialogue_queries.active_language()
    context = {
        **queries.meeting_detail(dialogue, meeting, member, language),
        **{"live": queries.live(dialogue, meeting, language)},
        "member": member,
    }
    return render(request, "meetings/controls.html", context, status=status)


@require_GET
def meeting_controls(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    """The co-chairs' controls: next item, spotlight, rounds, with keys (N, P, R)."""
    dialogue, member = access_dialogue(request, slug)
    member = access.check_can_chair(member)
    return _render_controls(request, dialogue, member, access.find_meeting(dialogue, meeting_id))


@require_GET
def projector(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    """The screen in the room: large type, both sides' colours and join QR codes, the live votes."""
    dialogue, member = access_dialogue(request, slug)
    access.check_can_project(member)
    meeting = access.find_meeting(dialogue, meeting_id)
    language = dialogue_queries.active_language()
    context = queries.projector(dialogue, meeting, language, request.build_absolute_uri("/"))
    return render(request, "meetings/projector.html", {**context, "member": member})


@require_GET
def projector_live(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    """The part of the projector that htmx polls every 2 seconds."""
    dialogue, member = access_dialogue(request, slug)
    access.check_can_project(member)
    meeting = access.find_meeting(dialogue, meeting_id)
    context = {
        "dialogue": {"slug": dialogue.slug},
        "meeting": {"id": meeting.pk},
        **queries.live(dialogue, meeting, dialogue_queries.active_language()),
    }
    response = render(request, "meetings/_live.html", context)
    response["Cache-Control"] = "no-store"
    return response
