"""A small fixed-window limit on writes, keyed by session or account — never by IP address."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

from parley.dialogues.access import ActionError


class RateLimited(ActionError):
    pass


def _identity(request: HttpRequest) -> str:
    user: Any = request.user
    if user.is_authenticated:
        return f"u{user.pk}"
    if not request.session.session_key:
        request.session.save()
    return f"s{request.session.session_key}"


def check_rate(request: HttpRequest, scope: str, limit: int | None = None, window: int = 60) -> None:
    """Count one write in SCOPE for this browser; raise RateLimited past LIMIT per WINDOW seconds."""
    limit = limit if limit is not None else settings.RATE_LIMIT_WRITES_PER_MINUTE
    check_key_rate(f"{scope}:{_identity(request)}", limit, window)


def check_key_rate(name: str, limit: int, window: int = 60) -> None:
    """Count one attempt at NAME (e.g. sign-ins to one pseudonym), whoever makes it."""
    key = f"rl:{name}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        raise RateLimited(_("You are doing this very fast. Wait a minute and try again."))
