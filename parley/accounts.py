"""Log-in for co-chairs, organizers and moderators, with guesses throttled (parley.ratelimit.signin_throttle)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.views import LoginView
from django.http import HttpResponse

from parley.lang import confusable_key
from parley.ratelimit.limits import RateLimited
from parley.ratelimit.signin_throttle import SignInGuard, account_token


class RateLimitedLoginView(LoginView):
    redirect_authenticated_user = True

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", "")).strip()
        # Only a name that could be an account's is looked up (PostgreSQL refuses NUL in any text).
        plausible = 0 < len(username) <= 150 and "\x00" not in username
        user = get_user_model()._default_manager.filter(username=username).first() if plausible else None
        # One count per account, however its name is typed; unknown names are counted by their look.
        account = f"login:user:{user.pk}" if user else f"login:name:{confusable_key(username)}"
        guard = SignInGuard(request, account, account_token(user) if user else None)
        try:
            guard.check()
        except RateLimited as error:
            form = self.get_form()
            form.is_valid()
            form.errors.clear()
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            return guard.succeeded(response, account_token(request.user))
        guard.failed()
        return response
