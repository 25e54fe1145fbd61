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
from django.db import connection
from django.http import HttpRequest
from django.utils.translation import gettext as _

from parley.errors import ActionError
from parley.ratelimit.models import RateCount


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


_purged_slot: dict[int, int] = {}


def count_attempt(name: str, window: int = 60) -> int:
    """Count one attempt at NAME in the current WINDOW-second window; return the window's count.

    One statement (an upsert returning the count), committed on its own; the table is UNLOGGED on
    PostgreSQL (counts are worth no WAL flush). Ended windows are purged once per window and process."""
    now = time.time()
    slot = int(now // window)
    key = rate_key(name, window, slot)
    table, key_col, count_col = (connection.ops.quote_name(n) for n in (RateCount._meta.db_table, "key", "count"))
    expires = RateCount._meta.get_field("expires_at").get_db_prep_value(
        datetime.fromtimestamp((slot + 1) * window, tz=UTC), connection
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_col}, {count_col}, expires_at) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT ({key_col}) DO UPDATE SET {count_col} = {table}.{count_col} + 1 RETURNING {count_col}",
            [key, expires],
        )
        count: int = cursor.fetchone()[0]
    if _purged_slot.get(window) != slot:
        _purged_slot[window] = slot
        # A new window for this process: forget the windows that have ended (rarely, not per client).
        RateCount.objects.filter(expires_at__lte=datetime.fromtimestamp(now, tz=UTC)).delete()
    return count
