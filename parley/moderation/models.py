"""Two-sided moderation: flags, holds (moderation cases), appeals, the blocklist and the policy.

A hold is one moderation case of one statement: opened by a moderator of one side (or by the
blocklist), decided by the other side. The public sees the cases through the record's
`statement.moderated` entries, never who flagged what.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parley.dialogues.models import pick_language

HOLD_HOURS = 48


class Flag(models.Model):
    class Reason(models.TextChoices):
        INSULT = "insult", _("Insult or hate")
        PERSONAL_DATA = "personal_data", _("Personal data")
        OFF_TOPIC = "off_topic", _("Off-topic")
        DUPLICATE = "duplicate", _("Duplicate")
        OTHER = "other", _("Other")

    statement = models.ForeignKey("dialogues.Statement", on_delete=models.CASCADE, related_name="flags")
    flagger = models.ForeignKey("dialogues.Membership", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Handled for both sides: a hold took it up. Each side may also set it aside for itself alone.
    handled = models.BooleanField(default=False)
    dismissed_by = models.ManyToManyField(
        "dialogues.Side", blank=True, related_name="+", help_text="The sides whose moderators set this flag aside."
    )

    class Meta:
        db_table = "governance_flag"  # the table it had in `governance`, kept
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["statement", "flagger"], name="flag_once_per_member")]

    def __str__(self) -> str:
        return f"flag {self.pk} on statement {self.statement_id} ({self.reason})"


class Hold(models.Model):
    """One moderation case: a statement hidden pending the other side's decision."""

    class Rule(models.TextChoices):
        INSULT = "insult", _("Insult or hate")
        PERSONAL_DATA = "personal_data", _("Personal data")
        OFF_TOPIC = "off_topic", _("Off-topic")
        DUPLICATE = "duplicate", _("Duplicate")
        OTHER = "other", _("Other")
        BLOCKLIST = "blocklist", _("Blocklist")

    class State(models.TextChoices):
        HELD = "held", _("On hold, awaiting the other side")
        KEPT = "kept", _("Kept on hold by both sides")
        REMOVED = "removed", _("Removed by both sides")
        RETURNED = "returned", _("Returned to the dialogue")

    dialogue = models.ForeignKey("dialogues.Dialogue", on_delete=models.CASCADE, related_name="holds")
    statement = models.ForeignKey("dialogues.Statement", on_delete=models.CASCADE, related_name="holds")
    # Null when the blocklist held it: then no side holds it, and both sides decide.
    opened_by = models.ForeignKey(
        "dialogues.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    side = models.ForeignKey("dialogues.Side", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(max_length=20, choices=Rule.choices)
    reason = models.CharField(max_length=500, help_text="The public reason.")
    # The language the reason is written in (the moderator's language); "" for holds made before.
    language = models.CharField(max_length=5, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.HELD)
    decisions = models.JSONField(
        default=dict, help_text="Side label -> remove, keep or return: what each side decided."
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "governance_hold"  # the table it had in `governance`, kept
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["dialogue", "state"], name="hold_dialogue_state")]

    def __str__(self) -> str:
        return f"hold {self.pk} of statement {self.statement_id} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in (self.State.HELD, self.State.KEPT)


class Appeal(models.Model):
    """The author's one appeal against a moderation case; both sides answer it."""

    class State(models.TextChoices):
        OPEN = "open", _("Awaiting both sides")
        RESTORED = "restored", _("Restored by both sides")
        UPHELD = "upheld", _("Upheld")
        SETTLED = "settled", _("The statement returned before an answer")

    hold = models.OneToOneField(Hold, on_delete=models.CASCADE, related_name="appeal")
    statement = models.ForeignKey("dialogues.Statement", on_delete=models.CASCADE, related_name="appeals")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    answers = models.JSONField(default=dict, help_text="Side label -> restore or uphold.")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "governance_appeal"  # the table it had in `governance`, kept
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"appeal {self.pk} of statement {self.statement_id} ({self.state})"


class BlocklistTerm(models.Model):
    """A word or phrase that puts new statements in LANGUAGE on hold automatically."""

    dialogue = models.ForeignKey("dialogues.Dialogue", on_delete=models.CASCADE, related_name="blocklist")
    language = models.CharField(max_length=5)
    term = models.CharField(max_length=100)
    # The term's words, case- and form-folded and joined by one space: what matching compares.
    key = models.CharField(max_length=400)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "governance_blocklistterm"  # the table it had in `governance`, kept
        ordering = ["dialogue", "language", "term", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "language", "key"], name="blocklist_term_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.term}"


class ModerationPolicy(models.Model):
    """The dialogue's published moderation policy, per language, as both sides adopted it."""

    dialogue = models.OneToOneField("dialogues.Dialogue", on_delete=models.CASCADE, related_name="moderation_policy")
    texts = models.JSONField(default=dict, help_text="Policy text per language code.")
    proposal = models.ForeignKey("governance.Proposal", on_delete=models.PROTECT, related_name="+")
    adopted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "governance_moderationpolicy"  # the table it had in `governance`, kept
        verbose_name_plural = "moderation policies"

    def __str__(self) -> str:
        return f"moderation policy of dialogue {self.dialogue_id}"

    def text(self, language: str | None = None) -> str:
        return pick_language(self.texts, language)
