"""The background task that sends a dialogue's notifications once a change to it has committed.

`parley worker` also runs `delivery.send_due` every minute, for the reminders that fall due with time
and the webhook deliveries waiting to be retried.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks import task

from parley.notifications.delivery import send_due


@task()
def send_notifications(dialogue_id: int) -> str:
    """Send what newly awaits either side of DIALOGUE_ID (each message once, see `delivery`)."""
    emails, events = send_due(dialogue_id)
    return f"{emails} e-mails, {events} webhook events"


def _dialogue_id(instance: Any) -> int | None:
    for path in ("dialogue_id", "hold.dialogue_id", "joint.dialogue_id"):
        found: Any = instance
        try:
            for name in path.split("."):
                found = getattr(found, name)
        except AttributeError:
            continue
        return int(found) if found is not None else None
    return None


def notify_after_commit(instance: Any) -> None:
    """Once the transaction that saved INSTANCE commits (never inside it), queue its dialogue's notifications."""
    dialogue_id = _dialogue_id(instance)
    if dialogue_id is not None:
        transaction.on_commit(lambda: send_notifications.enqueue(dialogue_id))
