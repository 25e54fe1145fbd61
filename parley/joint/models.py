"""Joint statements: drafted from common ground, amended by both sides, finalised, voted on, signed.

The text of each version is a list of clauses, each with a stable short key, its text per
language, the language it was first written in, and the statements it rests on. Only the final
version's canonical bytes (`parley.record.joint.canonical_statement`) are signed.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parley.dialogues.models import pick_language


class JointStatement(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final, waiting for signatures")
        RATIFIED = "ratified", _("Ratified")

    dialogue = models.ForeignKey("dialogues.Dialogue", on_delete=models.CASCADE, related_name="joint_statements")
    title = models.JSONField(default=dict, help_text="Title per language code.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    started_by = models.ForeignKey("dialogues.Membership", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    participant_vote = models.BooleanField(default=False, help_text="Participants vote on the final text.")
    final_version = models.ForeignKey("JointVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    canonical = models.BinaryField(default=b"", help_text="The bytes both co-chairs sign, set when finalised.")
    finalised_at = models.DateTimeField(null=True, blank=True)
    ratified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "governance_jointstatement"  # the table it had in `governance`, kept
        ordering = ["dialogue", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"joint statement {self.pk} ({self.state})"

    def title_text(self, language: str | None = None) -> str:
        return pick_language(self.title, language)


class JointVersion(models.Model):
    joint = models.ForeignKey(JointStatement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    clauses = models.JSONField(
        default=list, help_text='[{"key", "texts": {lang: text}, "original": lang, "sources": [statement ids]}]'
    )
    made_by = models.ForeignKey("dialogues.Membership", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=200, help_text="draft, or the amendment that made it.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "governance_jointversion"  # the table it had in `governance`, kept
        ordering = ["joint", "number"]
        constraints = [models.UniqueConstraint(fields=["joint", "number"], name="joint_version_number_unique")]

    def __str__(self) -> str:
        return f"version {self.number} of joint statement {self.joint_id}"

    def clause(self, key: str) -> dict[str, Any] | None:
        return next((c for c in self.clauses if c["key"] == key), None)


class Amendment(models.Model):
    class Action(models.TextChoices):
        EDIT = "edit", _("Change a clause's text in one language")
        ADD = "add", _("Add a clause")
        REMOVE = "remove", _("Remove a clause")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the other side")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    joint = models.ForeignKey(JointStatement, on_delete=models.CASCADE, related_name="amendments")
    proposed_by = models.ForeignKey("dialogues.Membership", on_delete=models.PROTECT, related_name="+")
    side = models.ForeignKey("dialogues.Side", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=6, choices=Action.choices)
    clause = models.CharField(max_length=12, blank=True, help_text="The clause's key; empty when adding one.")
    language = models.CharField(max_length=5, blank=True, help_text="The language edited, or a new clause's original.")
    texts = models.JSONField(default=dict, help_text="The new text per language (edit: one; add: one or more).")
    position = models.PositiveIntegerField(null=True, blank=True, help_text="Where a new clause goes, from 1.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    base_version = models.PositiveIntegerField()
    answered_by = models.ForeignKey(
        "dialogues.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "governance_amendment"  # the table it had in `governance`, kept
        ordering = ["joint", "created_at", "id"]

    def __str__(self) -> str:
        return f"amendment {self.pk} ({self.action}, {self.state})"


class JointVote(models.Model):
    """A participant's latest vote on one clause of a final text, or on the whole ("" clause)."""

    joint = models.ForeignKey(JointStatement, on_delete=models.CASCADE, related_name="votes")
    membership = models.ForeignKey("dialogues.Membership", on_delete=models.CASCADE, related_name="+")
    clause = models.CharField(max_length=12, blank=True)
    value = models.SmallIntegerField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "governance_jointvote"  # the table it had in `governance`, kept
        constraints = [
            models.UniqueConstraint(fields=["joint", "membership", "clause"], name="joint_vote_once_per_clause"),
            models.CheckConstraint(condition=models.Q(value__in=[-1, 1]), name="joint_vote_value_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} on {self.joint_id}/{self.clause or 'overall'}: {self.value}"


class JointSignature(models.Model):
    joint = models.ForeignKey(JointStatement, on_delete=models.PROTECT, related_name="signatures")
    role = models.CharField(max_length=40, help_text="cochair-<side label slug>, as for checkpoints.")
    signing_key = models.ForeignKey("checkpoints.SigningKey", on_delete=models.PROTECT, related_name="+")
    signature = models.BinaryField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "governance_jointsignature"  # the table it had in `governance`, kept
        ordering = ["joint", "role"]
        constraints = [models.UniqueConstraint(fields=["joint", "role"], name="joint_signature_role_unique")]

    def __str__(self) -> str:
        return f"{self.role} signature on joint statement {self.joint_id}"


class JointVoteHistory(models.Model):
    """Every vote cast on a joint statement, including the ones a later vote replaced.

    In a totals-only dialogue a vote has a salt and a commitment (its receipt) and waits for a batch
    (`batch` null) that publishes it; votes published one by one have neither.
    """

    joint = models.ForeignKey(JointStatement, on_delete=models.CASCADE, related_name="vote_history")
    membership = models.ForeignKey("dialogues.Membership", on_delete=models.CASCADE, related_name="+")
    clause = models.CharField(max_length=12, blank=True)
    value = models.SmallIntegerField()
    cast_at = models.DateTimeField(default=timezone.now)
    salt = models.BinaryField(max_length=16, default=b"")
    commitment = models.CharField(max_length=64, default="", blank=True)
    batch = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        db_table = "governance_jointvotehistory"  # the table it had in `governance`, kept
        ordering = ["joint", "cast_at", "id"]
        indexes = [models.Index(fields=["joint", "batch", "commitment"], name="jointvotehistory_batch")]

    def __str__(self) -> str:
        return f"{self.membership_id} on {self.joint_id}/{self.clause or 'overall'}: {self.value}"


class JointTallyBatch(models.Model):
    """A sealed batch of a joint statement's totals-only votes: what its `joint.votes_tallied` entry published."""

    joint = models.ForeignKey(JointStatement, on_delete=models.CASCADE, related_name="tally_batches")
    number = models.PositiveIntegerField()
    seq = models.PositiveIntegerField(help_text="The joint.votes_tallied entry's sequence number.")
    sealed_at = models.DateTimeField(default=timezone.now)
    totals = models.JSONField(
        default=dict, help_text="Cumulative latest-vote counts: {clause: {side: [agree, disagree]}}."
    )

    class Meta:
        db_table = "governance_jointtallybatch"  # the table it had in `governance`, kept
        ordering = ["joint", "number"]
        constraints = [models.UniqueConstraint(fields=["joint", "number"], name="joint_tally_batch_number_unique")]

    def __str__(self) -> str:
        return f"joint statement {self.joint_id} batch {self.number}"
