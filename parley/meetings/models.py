"""A dialogue's meetings in person: the agenda, who attended, what the room voted on paper.

A meeting belongs to one dialogue; either side's co-chair, deputy or organizer schedules and edits it.
Attendance is by pseudonym and seen by members only: the public record gets per-side counts.
Paper ballots are counted apart from online votes (`PaperTally`) and never enter the analysis.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parley.dialogues.models import pick_language


class Meeting(models.Model):
    dialogue = models.ForeignKey("dialogues.Dialogue", on_delete=models.CASCADE, related_name="meetings")
    title = models.JSONField(default=dict, blank=True, help_text="Title per language code (optional).")
    place = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey("dialogues.Membership", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    current_item = models.ForeignKey("AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    spotlight = models.ForeignKey(
        "dialogues.Statement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The invitation link each side shows on the projector as a QR code ({side label: URL}), set by
    # that side; kept out of the record (it lets anyone who has it join) and cleared when the meeting ends.
    join_links = models.JSONField(default=dict, blank=True)
    minutes = models.OneToOneField(
        "joint.JointStatement", null=True, blank=True, on_delete=models.PROTECT, related_name="meeting"
    )

    class Meta:
        ordering = ["dialogue", "starts_at", "id"]

    def __str__(self) -> str:
        return f"meeting {self.pk} at {self.place}"

    def title_text(self, language: str | None = None) -> str:
        return pick_language(self.title, language)


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        STATEMENT = "statement", _("Statement")
        TOPIC = "topic", _("Topic")
        CLAUSE = "clause", _("Joint statement clause")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    statement = models.ForeignKey(
        "dialogues.Statement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    topic = models.JSONField(default=dict, blank=True, help_text="A topic's text per language code.")
    joint = models.ForeignKey("joint.JointStatement", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    joint_version = models.PositiveIntegerField(null=True, blank=True)
    clause = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return f"item {self.position} of meeting {self.meeting_id} ({self.kind})"


class Attendance(models.Model):
    """A member marked present at a meeting, by their side's organizer: seen by members only."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey("dialogues.Membership", on_delete=models.CASCADE, related_name="+")
    marked_by = models.ForeignKey("dialogues.Membership", on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "membership__handle"]
        constraints = [models.UniqueConstraint(fields=["meeting", "membership"], name="attendance_once_per_meeting")]

    def __str__(self) -> str:
        return f"{self.membership_id} at meeting {self.meeting_id}"


class Round(models.Model):
    """A timed round of voting on the spotlight statement, from its start to its end time."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rounds")
    statement = models.ForeignKey("dialogues.Statement", on_delete=models.PROTECT, related_name="+")
    started_by = models.ForeignKey("dialogues.Membership", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["meeting", "started_at", "id"]

    def __str__(self) -> str:
        return f"round on {self.statement_id} at meeting {self.meeting_id}"


class PaperTally(models.Model):
    """One side's paper ballots on a statement at a meeting, entered by that side's moderator."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="paper")
    statement = models.ForeignKey("dialogues.Statement", on_delete=models.PROTECT, related_name="+")
    side = models.ForeignKey("dialogues.Side", on_delete=models.PROTECT, related_name="+")
    agree = models.PositiveIntegerField(default=0)
    disagree = models.PositiveIntegerField(default=0)
    passes = models.PositiveIntegerField(default=0)
    entered_by = models.ForeignKey("dialogues.Membership", on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "statement", "side"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "statement", "side"], name="paper_tally_once_per_side")
        ]

    def __str__(self) -> str:
        return f"paper on {self.statement_id}, side {self.side_id}: {self.agree}/{self.disagree}/{self.passes}"
