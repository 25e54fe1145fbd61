"""What a browser's session remembers about who it acts as, read and written in one place.

A pseudonymous participant (no account) is known by the session: `SESSION_KEY` maps a dialogue's id
to the membership this browser acts as there. The access layer asks these functions; it never reads
the session itself.
"""

from __future__ import annotations

from django.http import HttpRequest

SESSION_KEY = "parley_memberships"


def membership_id(request: HttpRequest, dialogue_id: int) -> int | None:
    """The membership this browser acts as in the dialogue DIALOGUE_ID, if it remembers one."""
    member_id = request.session.get(SESSION_KEY, {}).get(str(dialogue_id))
    if member_id is None:
        return None
    try:
        return int(member_id)
    except (TypeError, ValueError):
        return None


def membership_ids(request: HttpRequest) -> list[int]:
    """Every membership this browser remembers, in any dialogue."""
    return [int(v) for v in request.session.get(SESSION_KEY, {}).values()]


def remember(request: HttpRequest, dialogue_id: int, member_id: int) -> None:
    """Let this browser act as the membership MEMBER_ID in DIALOGUE_ID."""
    memberships = dict(request.session.get(SESSION_KEY, {}))
    memberships[str(dialogue_id)] = member_id
    request.session[SESSION_KEY] = memberships
    # A new identity in this browser gets a new session id, so an old one cannot ride along.
    request.session.cycle_key()


def forget(request: HttpRequest, dialogue_id: int) -> None:
    """Let this browser stop acting as its participant in DIALOGUE_ID."""
    memberships = dict(request.session.get(SESSION_KEY, {}))
    memberships.pop(str(dialogue_id), None)
    request.session[SESSION_KEY] = memberships
    request.session.cycle_key()
