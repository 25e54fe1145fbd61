"""The participant's path: join by invitation, vote, write, see and change one's votes, come back."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parley.dialogues import actions, queries, signals
from parley.dialogues.access import (
    ActionError,
    access_dialogue,
    check_can_take_part,
    check_not_site_administrator,
    current_membership,
    find_dialogue,
    forget_membership,
    participant_by_handle,
    remember_membership,
    require_member,
)
from parley.dialogues.forms import (
    AccountForm,
    JoinForm,
    OwnTranslationsForm,
    PassphraseForm,
    SignInForm,
    StatementForm,
)
from parley.dialogues.language_check import language_warning
from parley.dialogues.models import Membership
from parley.dialogues.views import HtmxHttpRequest, show_error
from parley.lang import MAX_STATEMENT_LENGTH
from parley.ratelimit.limits import RateLimited, check_rate
from parley.ratelimit.signin_throttle import SignInGuard, account_token, device_token, remember_device

SESSION_NEW_RETURN = "parley_new_return"


def _use_language(response: HttpResponse, language: str) -> HttpResponse:
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response


def _come_back(request: HttpRequest, member: Membership) -> HttpResponse:
    """Let this browser act as MEMBER again, in their language, on the dialogue's page."""
    remember_membership(request, member)
    messages.success(request, _("Welcome back, %(handle)s.") % {"handle": member.handle})
    return _use_language(redirect("dialogues:detail", slug=member.dialogue.slug), member.language)


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invitation: choose a pseudonym and a language (and an account, for staff roles)."""
    try:
        invite = actions.find_invite(token)
    except ActionError as error:
        return render(request, "dialogues/join_invalid.html", {"message": error.message}, status=400)
    try:
        check_not_site_administrator(request.user)
    except ActionError as error:
        return render(request, "dialogues/join_invalid.html", {"message": error.message}, status=403)
    dialogue = invite.dialogue
    language = queries.active_language()
    existing = current_membership(request, dialogue)
    needs_account = actions.needs_account(invite)
    user = request.user
    account_form = None
    if needs_account and not user.is_authenticated:
        account_form = AccountForm(request.POST or None, prefix="account")
    form = JoinForm(request.POST or None, initial={"language": language})
    if request.method == "POST" and existing is None:
        forms_valid = form.is_valid() and (account_form is None or account_form.is_valid())
        if forms_valid:
            try:
                check_rate(request, "join", limit=10)
                with transaction.atomic():
                    if account_form is not None:
                        user = actions.do_create_account(
                            account_form.cleaned_data["username"], account_form.cleaned_data["password"]
                        )
                    member, return_token = actions.do_join(
                        token, handle=form.cleaned_data["handle"], language=form.cleaned_data["language"], user=user
                    )
            except ActionError as error:
                target = account_form if error.field in ("username", "password") and account_form else form
                show_error(target, error)
            else:
                if member.leads_side and dialogue.status == dialogue.Status.DRAFT:
                    # A co-chair of a draft has nothing to vote on yet: the setup checklist is their next step.
                    response = redirect(reverse("dialogues:detail", args=[dialogue.slug]) + "#setup")
                else:
                    response = redirect("dialogues:welcome", slug=dialogue.slug)
                if member.user is not None:
                    login(request, member.user, backend="django.contrib.auth.backends.ModelBackend")
                    remember_device(request, response, account_token(member.user))
                else:
                    remember_membership(request, member)
                    request.session[SESSION_NEW_RETURN] = return_token
                return _use_language(response, member.language)
    return render(
        request,
        "dialogues/join.html",
        {
            "dialogue": queries.dialogue_dict(dialogue, language),
            "side": queries.side_dict(invite.side, language),
            "role": Membership.Role(invite.role).label,
            "is_participant_invite": not needs_account,
            "form": form,
            "account_form": account_form,
            "existing": existing,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET"])
def welcome(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue, member = access_dialogue(request, slug)
    member = require_member(member)
    token = request.session.pop(SESSION_NEW_RETURN, None)
    return_link = request.build_absolute_uri(reverse("dialogues:return", args=[slug, token])) if token else None
    return render(
        request,
        "dialogues/welcome.html",
        {"dialogue": queries.dialogue_dict(dialogue), "member": member, "return_link": return_link},
    )


@require_http_methods(["GET", "POST"])
def return_link(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Come back with a personal link; a button confirms it, so a link sent by someone else cannot
    silently swap who this browser acts as."""
    dialogue = find_dialogue(slug)
    try:
        member = actions.find_member_by_return_token(dialogue, token)
    except ActionError as error:
        return render(request, "dialogues/join_invalid.html", {"message": error.message}, status=400)
    current = current_membership(request, dialogue)
    if request.method == "POST":
        return _come_back(request, member)
    return render(
        request,
        "dialogues/return.html",
        {
            "dialogue": queries.dialogue_dict(dialogue),
            "handle": member.handle,
            "current": current if current is not None and current.pk != member.pk else None,
        },
    )


@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    """Stop acting as this dialogue's participant in this browser; the membership itself stays."""
    dialogue = find_dialogue(slug)
    forget_membership(request, dialogue)
    messages.success(request, _("This browser no longer acts as you in this dialogue. Your return link still works."))
    return redirect("dialogues:home")


def _member_token(member: Membership | None) -> str | None:
    if member is None or not member.passphrase_hash:
        return None
    return device_token("member", member.pk, member.passphrase_hash)


@require_http_methods(["GET", "POST"])
def signin(request: HttpRequest, slug: str) -> HttpResponse:
    """Come back on another device with one's pseudonym and passphrase. A draft's page is not found
    for strangers, like its other pages (its members come back with their return link). Guesses are
    throttled per client and per pseudonym, never so that a stranger locks the participant out."""
    dialogue, member = access_dialogue(request, slug)
    form = SignInForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        handle = form.cleaned_data["handle"]
        target = participant_by_handle(dialogue, handle)
        guard = SignInGuard(request, f"signin:{dialogue.pk}:{actions.handle_key(handle)}", _member_token(target))
        try:
            check_rate(request, "signin", limit=10)
            guard.check()
        except RateLimited as error:
            show_error(form, error)
            status = 429
        else:
            try:
                member = actions.check_passphrase(dialogue, handle, form.cleaned_data["passphrase"])
            except ActionError as error:
                guard.failed()
                show_error(form, error)
            else:
                token = _member_token(member)
                response = _come_back(request, member)
                return guard.succeeded(response, token) if token else response
    return render(
        request,
        "dialogues/signin.html",
        {"dialogue": queries.dialogue_dict(dialogue), "member": member, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def me(request: HttpRequest, slug: str) -> HttpResponse:
    """The participant's own page: set a passphrase, get a new return link."""
    dialogue, member = access_dialogue(request, slug)
    member = require_member(member)
    form = PassphraseForm(request.POST or None) if member.user_id is None else None
    if request.method == "POST" and form is not None:
        action = request.POST.get("action")
        try:
            check_rate(request, "me", limit=10)
            if action == "return-link":
                request.session[SESSION_NEW_RETURN] = actions.do_new_return_link(member)
                return redirect("dialogues:welcome", slug=slug)
            if form.is_valid():
                actions.do_set_passphrase(member, form.cleaned_data["passphrase"])
                messages.success(request, _("Your passphrase is set."))
                member.refresh_from_db()
                # This browser is the participant's own: it signs in later whatever strangers try.
                return remember_device(request, redirect("dialogues:me", slug=slug), _member_token(member) or "")
        except ActionError as error:
            show_error(form, error)
    return render(
        request,
        "dialogues/me.html",
        {
            "dialogue": queries.dialogue_dict(dialogue),
            "member": member,
            "side": queries.side_dict(member.side, queries.active_language()),
            "form": form,
            "has_passphrase": bool(member.passphrase_hash),
            # The other apps' parts of the page (notifications: new statements to vote on).
            **signals.me_context(member, queries.active_language()),
        },
    )


def _vote_card(request: HttpRequest, slug: str, member: Membership, error: str | None = None) -> dict:
    language = queries.active_language()
    statement, remaining, total = queries.voting_queue(member, language)
    return {
        "slug": slug,
        "member": member,
        "statement": queries.statement_dict(statement, language) if statement else None,
        "remaining": remaining,
        "total": total,
        "done": total - remaining,
        "error": error,
    }


@require_http_methods(["GET"])
def vote_page(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue, member = access_dialogue(request, slug)
    member = require_member(member)
    card = _vote_card(request, slug, member)
    return render(
        request, "dialogues/vote.html", {"dialogue": queries.dialogue_dict(dialogue), "card": card, "member": member}
    )


@require_POST
def vote(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Cast a vote, then show the next statement (as an htmx fragment, or by redirect)."""
    _dialogue, member = access_dialogue(request, slug)
    member = check_can_take_part(member)
    error = None
    from_my_votes = request.POST.get("from") == "my-votes"
    try:
        check_rate(request, "vote", limit=settings.RATE_LIMIT_WRITES_PER_MINUTE * 3)
        actions.do_cast_vote(member, request.POST.get("statement"), request.POST.get("value"))
    except ActionError as e:
        error = e.message
    # htmx swaps only successful responses, so a refusal comes back as 200 with its message shown.
    if request.htmx and from_my_votes:
        row = queries.my_vote_row(member, request.POST.get("statement"), queries.active_language())
        if row is not None:
            context = {"v": {**row, "error": error}, "dialogue": {"slug": slug}}
            return render(request, "dialogues/_my_vote_row.html", context)
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
        return response
    if request.htmx:
        card = _vote_card(request, slug, member, error)
        return render(request, "dialogues/_vote_card.html", {"card": card})
    if error:
        messages.error(request, error)
    target = "dialogues:my_votes" if from_my_votes else "dialogues:vote"
    return HttpResponseRedirect(reverse(target, args=[slug]))


@require_http_methods(["GET", "POST"])
def write(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue, member = access_dialogue(request, slug)
    member = require_member(member)
    default_language = actions.default_language_for(member, queries.active_language())
    form = StatementForm(request.POST or None, languages=dialogue.languages, initial={"language": default_language})
    # One optional field per other language of the dialogue: the author's own translations.
    language = request.POST.get("language", default_language)
    if language not in dialogue.languages:
        language = default_language
    own = OwnTranslationsForm(request.POST or None, languages=[c for c in dialogue.languages if c != language])
    warning = ""
    if request.method == "POST" and form.is_valid():
        text, language = form.cleaned_data["text"], form.cleaned_data["language"]
        if form.cleaned_data["language_confirmed"] != language:
            warning = language_warning(text, language)
        if warning:
            # Shown once: adding it again with the same language keeps the author's choice.
            form = StatementForm({**request.POST.dict(), "language_confirmed": language}, languages=dialogue.languages)
            form.is_valid()
    if request.method == "POST" and form.is_valid() and own.is_valid() and not warning:
        try:
            check_rate(request, "statement", limit=10)
            statement = actions.do_submit_statement(
                member, form.cleaned_data["text"], form.cleaned_data["language"], translations=own.translations()
            )
        except ActionError as error:
            show_error(form, error)
        else:
            if statement.status == statement.Status.ON_HOLD:
                messages.warning(
                    request,
                    _(
                        "Your statement contains a term of the dialogue's blocklist, so it is on hold until "
                        "moderators of both sides look at it. You can appeal under “My votes”."
                    ),
                )
            else:
                messages.success(
                    request, _("Thank you. Your statement is now in the dialogue for everyone to vote on.")
                )
            return redirect("dialogues:vote", slug=slug)
    return render(
        request,
        "dialogues/write.html",
        {
            "dialogue": queries.dialogue_dict(dialogue),
            "member": member,
            "form": form,
            "own_translations": own,
            "language_warning": warning,
        },
        status=400 if request.method == "POST" and not warning else 200,
    )


@require_POST
def check_language(request: HttpRequest, slug: str) -> HttpResponse:
    """The write page's live warning (htmx): does the text look written in the chosen language?"""
    dialogue, member = access_dialogue(request, slug)
    require_member(member)
    text = request.POST.get("text", "")[: MAX_STATEMENT_LENGTH * 4]
    language = request.POST.get("language", "")
    warning = language_warning(text, language) if language in dialogue.languages else ""
    return render(
        request,
        "dialogues/_language_warning.html",
        {"dialogue": queries.dialogue_dict(dialogue), "language_warning": warning},
    )


@require_http_methods(["GET"])
def my_receipt(request: HttpRequest, slug: str) -> HttpResponse:
    """The member's vote receipt, as a JSON file: only they can fetch it, and no cache keeps it."""
    _dialogue, member = access_dialogue(request, slug)
    member = require_member(member)
    response = HttpResponse(queries.my_receipt(member), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="parley-receipt-{slug}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET"])
def my_votes(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue, member = access_dialogue(request, slug)
    member = require_member(member)
    context = {"dialogue": queries.dialogue_dict(dialogue), "member": member, "votes": queries.my_votes(member)}
    # The other apps' parts of the page (moderation's cases of the member), each read once here.
    context.update(signals.my_votes_context(member, queries.active_language()))
    return render(request, "dialogues/my_votes.html", context)
