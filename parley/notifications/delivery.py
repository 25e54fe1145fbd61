"""Sending what awaits each side, once: e-mail to members who opted in, and each side's webhook.

`send_due` is idempotent: every message is keyed in the sent-log (`SentNotification`), whose unique key
is written in the same transaction as the message leaves, so a task run twice, or two workers at once,
send it once. A first notice goes out when an item starts to await a side; a reminder when a proposal
expires within 24 hours or a hold lapses within 12 (a first notice sent inside that window counts as
both). Participants have no account and get no e-mail; no message names a participant or quotes a
statement (a held one may hold the personal data it was held for).
"""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parley.dialogues.models import Membership
from parley.errors import ActionError
from parley.notifications.access import EMAIL_ROLES
from parley.notifications.actions import log_sent_once, record_delivery
from parley.notifications.models import SentNotification, Webhook
from parley.notifications.queries import Item, awaiting, due_in, kind_label
from parley.notifications.webhooks import event, post, side_as_cochair

logger = logging.getLogger(__name__)

REMINDER_WINDOWS = {"proposal": timedelta(hours=24), "hold": timedelta(hours=12)}


def reminder_due(item: Item, now: datetime) -> bool:
    window = REMINDER_WINDOWS.get(item.kind)
    return window is not None and item.deadline is not None and now < item.deadline <= now + window


def plan(prefix: str, items: list[Item], now: datetime) -> list[tuple[Item, bool, list[str]]]:
    """For each item: whether its message is a reminder, and the sent-log keys it would write.
    Items whose messages all went out are left out (one query for the whole list)."""
    keys = {item.key: f"{prefix}:{item.key}" for item in items}
    wanted = set(keys.values()) | {f"{key}:reminder" for key in keys.values()}
    done = set(SentNotification.objects.filter(key__in=wanted).values_list("key", flat=True))
    planned = []
    for item in items:
        first = keys[item.key]
        due = reminder_due(item, now)
        if first not in done:
            planned.append((item, False, [first] + ([f"{first}:reminder"] if due else [])))
        elif due and f"{first}:reminder" not in done:
            planned.append((item, True, [f"{first}:reminder"]))
    return planned


def absolute(path: str) -> str:
    return settings.PUBLIC_URL.rstrip("/") + path


def _email(member: Membership, address: str, item: Item, reminder: bool, now: datetime) -> EmailMessage:
    with translation.override(member.language or settings.LANGUAGE_CODE):
        label = kind_label(item.kind)
        title = member.dialogue.title_text()
        subject = _("Reminder: %(what)s") % {"what": label} if reminder else label
        lines = [
            _("Dialogue: %(title)s") % {"title": title},
            label + ".",
        ]
        if item.deadline is not None:
            when = item.deadline.strftime("%Y-%m-%d %H:%M UTC")
            lines.append(_("Deadline: %(when)s (%(due_in)s).") % {"due_in": due_in(item.deadline, now), "when": when})
        lines += [absolute(item.path), "", _("You get this because you asked for e-mail on Parley; turn it off here:")]
        lines.append(absolute(reverse("notifications:settings", args=[member.dialogue.slug])))
    return EmailMessage(subject=f"[Parley] {subject}", body="\n".join(lines), to=[address])


def email_recipients(dialogue_id: int | None = None) -> list[tuple[Membership, str]]:
    """Members with an account and a role that acts for its side, who opted in, with their address."""
    members = Membership.objects.filter(
        role__in=EMAIL_ROLES, user__notification_email__enabled=True, user__isnull=False
    ).exclude(user__notification_email__address="")
    if dialogue_id is not None:
        members = members.filter(dialogue_id=dialogue_id)
    members = members.select_related("dialogue", "side", "user__notification_email").order_by("pk")
    return [(m, m.user.notification_email.address) for m in members]  # type: ignore[union-attr]


def send_emails(dialogue_id: int | None = None, now: datetime | None = None) -> int:
    """Send every e-mail due (first notices and reminders); return how many went out."""
    now = now or timezone.now()
    sent = 0
    for member, address in email_recipients(dialogue_id):
        for item, reminder, keys in plan(f"email:m{member.pk}", awaiting(member, now), now):
            message = _email(member, address, item, reminder, now)
            try:
                if log_sent_once(keys, message.send):
                    sent += 1
            except (OSError, smtplib.SMTPException) as error:
                # Never the address: logs are read by people who need not know it.
                logger.warning("e-mail to member %s about %s failed: %s", member.pk, item.key, type(error).__name__)
    return sent


def deliver_webhooks(dialogue_id: int | None = None, now: datetime | None = None) -> int:
    """Post every event due to each side's webhook (skipping those waiting to retry); return how many
    were delivered. A failure stops that webhook's run and is shown on its side's settings page."""
    now = now or timezone.now()
    hooks = Webhook.objects.select_related("side__dialogue").exclude(retry_after__gt=now).order_by("pk")
    if dialogue_id is not None:
        hooks = hooks.filter(side__dialogue_id=dialogue_id)
    delivered = 0
    for hook in hooks:
        side, ok = hook.side, 0
        for item, reminder, keys in plan(f"webhook:w{hook.pk}", awaiting(side_as_cochair(side), now), now):
            send = partial(post, hook.url, hook.secret, event(side, item, reminder, absolute(item.path)), now)
            try:
                if log_sent_once(keys, send):
                    ok += 1
            except (OSError, ValueError) as error:
                record_delivery(hook, now, str(error) or type(error).__name__)
                break
            except ActionError as error:  # the address no longer passes the check
                record_delivery(hook, now, str(error.message))
                break
        else:
            if ok or hook.failures:
                record_delivery(hook, now)
        delivered += ok
    return delivered


def send_due(dialogue_id: int | None = None, now: datetime | None = None) -> tuple[int, int]:
    """Every e-mail and webhook event due, for one dialogue or all: (e-mails sent, events delivered)."""
    now = now or timezone.now()
    return send_emails(dialogue_id, now), deliver_webhooks(dialogue_id, now)
