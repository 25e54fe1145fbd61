"""A report's frozen snapshot: what its page shows, fixed when both sides adopted it."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils import timezone


class FrozenReport(models.Model):
    """The snapshot of an adopted report (`governance.Report`) and when it becomes public."""

    report = models.OneToOneField("governance.Report", on_delete=models.PROTECT, related_name="frozen")
    dialogue = models.ForeignKey("dialogues.Dialogue", on_delete=models.CASCADE, related_name="frozen_reports")
    snapshot = models.TextField(help_text="Everything the page shows, as JSON text; the record holds its SHA-256.")
    snapshot_sha256 = models.CharField(max_length=64)
    frozen_at = models.DateTimeField(default=timezone.now)
    publish_at = models.DateTimeField(null=True, blank=True, help_text="Public from this time (UTC); None: at once.")
    published_seq = models.PositiveIntegerField(
        null=True, blank=True, help_text="The report.published entry, once written."
    )

    class Meta:
        ordering = ["dialogue", "-frozen_at", "-id"]
        indexes = [models.Index(fields=["published_seq", "publish_at"], name="reports_due")]

    def __str__(self) -> str:
        return f"frozen report {self.report_id} of dialogue {self.dialogue_id}"

    def is_public(self, now: datetime | None = None) -> bool:
        """Public once its time has come: the page checks the time, whether or not the entry is written yet."""
        return self.publish_at is None or self.publish_at <= (now or timezone.now())
