"""Throttle guesses at passwords and passphrases without letting strangers lock anyone out.

Three counts, none of which stores an address or a name (each is an HMAC, see parley.ratelimit):

- per client: failed sign-ins from one network address, to any account, are limited per 15 minutes;
- per account, from unknown devices: after a few failures, each further failure makes the next
  attempt from an unknown device wait, doubling up to a few minutes: a progressive delay, never a
  hard lock, so a stranger's hammering cannot keep the owner out for long;
- per account, from its known devices: a browser that signed in to this account before carries a
  signed "known device" cookie and skips the two counts above, so a stranger hammering an account
  cannot stop its owner signing in from their own device; its own failures have a limit of their own.

The cookie names no account: it holds HMACs of (account, password hash), so it also stops being
"known" once the password changes.
"""

from __future__ import annotations

import ipaddress
import time
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from parley.ratelimit.limits import RateLimited, count_attempt, peek_count, rate_key
from parley.ratelimit.models import RateCount

COOKIE = "parley_device"
COOKIE_SALT = "parley.known-device"
COOKIE_AGE = 60 * 60 * 24 * 365
MAX_DEVICE_ACCOUNTS = 10

CLIENT_WINDOW, CLIENT_FAILURES = 15 * 60, 20
ACCOUNT_WINDOW, FREE_FAILURES, MAX_DELAY = 60 * 60, 5, 5 * 60
KNOWN_WINDOW, KNOWN_FAILURES = 15 * 60, 10


def client_address(request: HttpRequest) -> str:
    """The client's network address: behind a proxy (PARLEY_BEHIND_PROXY), the one the proxy saw,
    which it appended last to X-Forwarded-For; otherwise the connection's own. An IPv6 address
    counts as its /64 network, which one machine commonly holds whole."""
    address = str(request.META.get("REMOTE_ADDR", ""))
    if settings.SECURE_PROXY_SSL_HEADER is not None:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            address = forwarded.split(",")[-1].strip()
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    return str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)


def device_token(kind: str, pk: int, secret_hash: str) -> str:
    """What a known device holds for one account: changes when the account's secret changes."""
    return salted_hmac(COOKIE_SALT, f"{kind}:{pk}:{secret_hash}").hexdigest()[:32]


def account_token(user: Any) -> str:
    """The device token of a log-in account."""
    return device_token("user", user.pk, user.password)


def _known_tokens(request: HttpRequest) -> list[str]:
    try:
        tokens = signing.loads(request.COOKIES.get(COOKIE, ""), salt=COOKIE_SALT, max_age=COOKIE_AGE)
    except signing.BadSignature:
        return []
    return [t for t in tokens if isinstance(t, str)] if isinstance(tokens, list) else []


def remember_device(request: HttpRequest, response: HttpResponse, token: str) -> HttpResponse:
    """Let RESPONSE mark this browser as a known device of the account whose device token is TOKEN
    (after a sign-in, an account made on joining, a passphrase set on one's own page)."""
    others = [t for t in _known_tokens(request) if t != token]
    tokens = [*others[-(MAX_DEVICE_ACCOUNTS - 1) :], token]
    response.set_cookie(
        COOKIE,
        signing.dumps(tokens, salt=COOKIE_SALT),
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def _not_before_key(account: str) -> str:
    return rate_key(f"{account}:not-before", 0, 0)


class SignInGuard:
    """One sign-in attempt at ACCOUNT (a name such as "login:aynur"); TOKEN is the device token of
    the account if it exists (None otherwise: then no device is known for it)."""

    def __init__(self, request: HttpRequest, account: str, token: str | None) -> None:
        self.request = request
        self.account = account
        self.token = token
        self.known = token is not None and token in _known_tokens(request)
        self.client = f"signin-client:{client_address(request)}"

    def check(self) -> None:
        """Raise RateLimited if this attempt must wait; count nothing."""
        if self.known:
            if peek_count(f"{self.account}:known", KNOWN_WINDOW) >= KNOWN_FAILURES:
                raise RateLimited(_("Too many wrong attempts. Wait a few minutes and try again."))
            return
        if peek_count(self.client, CLIENT_WINDOW) >= CLIENT_FAILURES:
            raise RateLimited(
                _("Too many failed sign-ins from your connection. Wait %(minutes)d minutes and try again.")
                % {"minutes": CLIENT_WINDOW // 60}
            )
        wait = self._wait()
        if wait > 0:
            raise RateLimited(
                _(
                    "This account had many wrong attempts from other devices, so it waits between attempts. "
                    "Try again in %(seconds)d seconds."
                )
                % {"seconds": wait}
            )

    def failed(self) -> None:
        """Count a wrong password or passphrase."""
        if self.known:
            count_attempt(f"{self.account}:known", KNOWN_WINDOW)
            return
        count_attempt(self.client, CLIENT_WINDOW)
        failures = count_attempt(f"{self.account}:unknown", ACCOUNT_WINDOW)
        if failures >= FREE_FAILURES:
            delay = min(2 ** (failures - FREE_FAILURES), MAX_DELAY)
            until = datetime.fromtimestamp(time.time() + delay, tz=UTC)
            key = _not_before_key(self.account)
            try:
                with transaction.atomic():
                    RateCount.objects.update_or_create(key=key, defaults={"expires_at": until})
            except IntegrityError:  # another process made the row in the meantime
                RateCount.objects.filter(key=key).update(expires_at=until)

    def succeeded(self, response: HttpResponse, token: str) -> HttpResponse:
        """Remember this browser as a known device of the account it signed in to (TOKEN)."""
        return remember_device(self.request, response, token)

    def _wait(self) -> int:
        until: Any = (
            RateCount.objects.filter(key=_not_before_key(self.account)).values_list("expires_at", flat=True).first()
        )
        if until is None:
            return 0
        return max(0, int(until.timestamp() - time.time() + 0.999))
