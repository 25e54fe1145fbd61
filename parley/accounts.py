"""Log-in for co-chairs, organizers and moderators, with guesses at one account limited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import LoginView
from django.http import HttpResponse

from parley.ratelimit import RateLimited, check_key_rate


class RateLimitedLoginView(LoginView):
    redirect_authenticated_user = True

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", "")).strip().casefold()
        try:
            check_key_rate(f"login:{username}", limit=10)
        except RateLimited as error:
            form = self.get_form()
            form.is_valid()
            form.errors.clear()
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)
