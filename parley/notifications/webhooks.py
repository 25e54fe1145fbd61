"""Each side's webhook: events as JSON, signed with HMAC-SHA256, posted with a timeout, retried.

An event says what awaits the side, by kind and number, with its deadline and a link: never a
pseudonym, a statement's text or anything private. The address is checked when it is registered
and again before each delivery (a name may resolve elsewhere later): https only (http too where
`PARLEY_WEBHOOK_ALLOW_PRIVATE` or DEBUG allows it), and no private, loopback, link-local or reserved
address unless `PARLEY_WEBHOOK_ALLOW_PRIVATE` is set (DEBUG allows loopback alone, for a developer).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import urllib.error
import urllib.request
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from parley.dialogues.models import Membership, Side
from parley.errors import ActionError
from parley.notifications.queries import Item

SIGNATURE_HEADER = "X-Parley-Signature"


def check_url(url: str) -> str:
    """URL if a webhook may be sent there, else an ActionError saying why."""
    parts = urlsplit(url.strip())
    insecure_allowed = settings.DEBUG or settings.WEBHOOK_ALLOW_PRIVATE
    if parts.scheme != "https" and not (parts.scheme == "http" and insecure_allowed):
        raise ActionError(_("A webhook address must start with https://."), field="url")
    if not parts.hostname or parts.username or parts.password:
        raise ActionError(_("Give a webhook address with a host name and no password in it."), field="url")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError, UnicodeError):
        raise ActionError(_("The webhook's host name could not be found."), field="url") from None
    if not settings.WEBHOOK_ALLOW_PRIVATE:
        for *_rest, sockaddr in found:
            address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
            if settings.DEBUG and address.is_loopback:
                continue  # a developer's receiver on this machine
            if not address.is_global or address.is_multicast:
                raise ActionError(_("A webhook cannot go to a private, loopback or reserved address."), field="url")
    return url.strip()


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def side_as_cochair(side: Side) -> Membership:
    """What awaits a side as a whole is what awaits its co-chair, who holds every role that answers."""
    return Membership(dialogue=side.dialogue, dialogue_id=side.dialogue_id, side=side, role=Membership.Role.COCHAIR)


def event(side: Side, item: Item, reminder: bool, absolute_url: str) -> dict[str, Any]:
    return {
        "type": f"{item.kind}.reminder" if reminder else f"{item.kind}.awaiting",
        "dialogue": side.dialogue.slug,
        "side": side.label,
        "awaiting": {"kind": item.kind, "id": item.pk},
        "deadline": item.deadline.isoformat() if item.deadline else None,
        "link": absolute_url,
    }


def post(url: str, secret: str, payload: dict[str, Any], now: datetime) -> None:
    """POST PAYLOAD to URL, signed; raise OSError (or a subclass) unless it answers 2xx in time."""
    check_url(url)
    body = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    request = urllib.request.Request(  # noqa: S310 - check_url allowed only http(s)
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Parley-Webhook",
            SIGNATURE_HEADER: signature(secret, body),
            "X-Parley-Timestamp": now.isoformat(),
        },
    )
    # No proxy from the environment (it would hide where the request goes), and no redirects.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)
    with opener.open(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
        if not 200 <= response.status < 300:
            raise urllib.error.HTTPError(url, response.status, "not 2xx", response.headers, None)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect could lead past the address check: it counts as a failure.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
