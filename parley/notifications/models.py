"""Who asked to be told, and what was told: e-mail settings of account holders, each side's webhook,
participants' opt-in for new statements, and the sent-log that makes every notification go out once.

Nothing here is in the public record: an address is private to its account.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class EmailSettings(models.Model):
    """An account's address for notifications and whether it wants them (off until it opts in)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_email")
    address = models.EmailField(blank=True)
    enabled = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"e-mail settings of user {self.user_id}"  # never the address


class Webhook(models.Model):
    """One side's webhook: where its events go, the secret that signs them, and how delivery went."""

    side = models.OneToOneField("dialogues.Side", on_delete=models.CASCADE, related_name="webhook")
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=200)
    created_by = models.ForeignKey("dialogues.Membership", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    last_failure = models.CharField(max_length=300, blank=True)
    # Failed deliveries in a row; the next try waits until retry_after (the wait doubles, at most an hour).
    failures = models.PositiveIntegerField(default=0)
    retry_after = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"webhook of side {self.side_id}"


class NewStatementsFeed(models.Model):
    """A participant's opt-in "new statements to vote on": when they last looked, and their feed's token."""

    membership = models.OneToOneField("dialogues.Membership", on_delete=models.CASCADE, related_name="feed")
    enabled = models.BooleanField(default=False)
    seen_at = models.DateTimeField(default=timezone.now)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"new-statements feed of member {self.membership_id}"


class SentNotification(models.Model):
    """One notification sent: its key names the channel, the recipient's row and the item, never a person."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key
