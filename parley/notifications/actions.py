"""Every write of notifications: e-mail settings, webhooks, participants' feeds, the sent-log."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.dialogues.models import Membership
from parley.errors import ActionError
from parley.notifications import access
from parley.notifications.models import EmailSettings, NewStatementsFeed, SentNotification, Webhook
from parley.notifications.webhooks import check_url

MAX_RETRY_WAIT = timedelta(hours=1)
FIRST_RETRY_WAIT = timedelta(minutes=1)


@transaction.atomic
def do_save_email_settings(member: Membership | None, address: object, enabled: object) -> EmailSettings:
    """Store the address and opt-in of MEMBER's account (co-chairs, deputies and moderators only)."""
    member = access.check_can_get_email(member)
    address = str(address or "").strip()
    enabled = bool(enabled)
    if address:
        try:
            validate_email(address)
        except ValidationError:
            raise ActionError(_("Enter a valid e-mail address."), field="address") from None
    elif enabled:
        raise ActionError(_("Give an address to get e-mail."), field="address")
    found, _created = EmailSettings.objects.update_or_create(
        user=member.user, defaults={"address": address, "enabled": enabled, "updated_at": timezone.now()}
    )
    return found


@transaction.atomic
def do_register_webhook(member: Membership | None, url: object, secret: object) -> Webhook:
    """Register (or replace) the webhook of the co-chair's side."""
    member = access.check_can_manage_webhook(member)
    secret = str(secret or "")
    if not 16 <= len(secret) <= 200:
        raise ActionError(_("The secret must be 16 to 200 characters long."), field="secret")
    checked = check_url(str(url or ""))
    hook, _created = Webhook.objects.update_or_create(
        side=member.side,
        defaults={
            "url": checked,
            "secret": secret,
            "created_by": member,
            "created_at": timezone.now(),
            "failures": 0,
            "retry_after": None,
            "last_failure": "",
            "last_failure_at": None,
        },
    )
    return hook


@transaction.atomic
def do_remove_webhook(member: Membership | None) -> None:
    member = access.check_can_manage_webhook(member)
    Webhook.objects.filter(side=member.side).delete()


def record_delivery(hook: Webhook, now: datetime, error: str = "") -> None:
    """Note how a delivery to HOOK went; after a failure, the next try waits (doubling, at most an hour)."""
    if not error:
        Webhook.objects.filter(pk=hook.pk).update(last_success_at=now, failures=0, retry_after=None)
        return
    failures = hook.failures + 1
    wait = min(MAX_RETRY_WAIT, FIRST_RETRY_WAIT * 2 ** (failures - 1))
    Webhook.objects.filter(pk=hook.pk).update(
        last_failure_at=now, last_failure=error[:300], failures=failures, retry_after=now + wait
    )


def log_sent_once(keys: Iterable[str], send: Callable[[], Any]) -> bool:
    """Log KEYS and run SEND in one transaction: False, and nothing sent, if the first key was logged
    before; if SEND fails, nothing is logged (the next run tries again)."""
    try:
        with transaction.atomic():
            for key in keys:
                SentNotification.objects.create(key=key)
            send()
    except IntegrityError:
        return False
    return True


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def do_set_new_statements(member: Membership | None, enabled: bool) -> str:
    """Turn a participant's "new statements to vote on" on or off; on, return their new feed's secret
    token (shown once: only its hash is kept)."""
    member = access.check_can_follow_statements(member)
    token = secrets.token_urlsafe(24) if enabled else ""
    NewStatementsFeed.objects.update_or_create(
        membership=member,
        defaults={
            "enabled": enabled,
            "token_hash": feed_token_hash(token) if token else "",
            "seen_at": timezone.now(),
        },
    )
    return token


@transaction.atomic
def do_mark_statements_seen(member: Membership | None, now: datetime | None = None) -> None:
    """The participant has seen what is new: statements are counted as new from now on."""
    member = access.check_can_follow_statements(member)
    NewStatementsFeed.objects.filter(membership=member, enabled=True).update(seen_at=now or timezone.now())
