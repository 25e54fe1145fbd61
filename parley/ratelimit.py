"""Fixed-window limits on writes, keyed by session or account, and the sign-in throttle.

Counts live in the database (`RateCount`), so every web process and machine counts against the
same limit; each count is one atomic UPDATE, under an HMAC of what is counted (a client's address
is counted too, for sign-ins, but only ever as such an HMAC: no address is stored).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _

from parley.dialogues.access import ActionError
from parley.dialogues.models import RateCount


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
    if count_attempt(name, window) > limit:
        raise RateLimited(_("You are doing this very fast. Wait a minute and try again."))


def rate_key(name: str, window: int, slot: int) -> str:
    # Keyed with the site's secret: a plain digest of a user id, pseudonym or address could be guessed back.
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, f"{name}\n{window}\n{slot}".encode(), hashlib.sha256).hexdigest()


def peek_count(name: str, window: int = 60) -> int:
    """How many attempts at NAME the current WINDOW-second window holds, without counting one."""
    key = rate_key(name, window, int(time.time() // window))
    return RateCount.objects.filter(key=key).values_list("count", flat=True).first() or 0


def count_attempt(name: str, window: int = 60) -> int:
    """Count one attempt at NAME in the current WINDOW-second window; return the window's count."""
    now = time.time()
    slot = int(now // window)
    key = rate_key(name, window, slot)
    rows = RateCount.objects.filter(key=key)
    with transaction.atomic():
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCount.objects.create(
                        key=key, count=1, expires_at=datetime.fromtimestamp((slot + 1) * window, tz=UTC)
                    )
            except IntegrityError:  # another process made the row in the meantime
                rows.update(count=F("count") + 1)
            else:
                # A new window: forget the windows that have ended.
                RateCount.objects.filter(expires_at__lte=datetime.fromtimestamp(now, tz=UTC)).delete()
        return rows.values_list("count", flat=True).get()
