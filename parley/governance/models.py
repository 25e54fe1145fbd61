"""Dual control: proposals one side makes and the other side's co-chair (or deputy) approves.

Every privileged change to a dialogue is a Proposal. What each kind of proposal does is in
`parley.governance.kinds`; the rows here only hold who asked what, and what became of it.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parley.dialogues.models import pick_language


class Proposal(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the other side")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    dialogue = models.ForeignKey("dialogues.Dialogue", on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=40)
    payload = models.JSONField(default=dict, help_text="The change, as the kind's clean() returned it.")
    side = models.ForeignKey("dialogues.Side", on_delete=models.PROTECT, related_name="proposals")
    proposed_by = models.ForeignKey("dialogues.Membership", on_delete=models.PROTECT, related_name="proposals")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    reason = models.CharField(max_length=500, blank=True, help_text="Why it was rejected.")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        "dialogues.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["dialogue", "state"], name="proposal_dialogue_state")]

    def __str__(self) -> str:
        return f"proposal {self.pk} ({self.kind}, {self.state})"

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING


class GlossaryTerm(models.Model):
    """A term both sides adopted, with its agreed rendering in each language."""

    dialogue = models.ForeignKey("dialogues.Dialogue", on_delete=models.CASCADE, related_name="glossary")
    texts = models.JSONField(default=dict, help_text="The term per language code.")
    note = models.JSONField(default=dict, help_text="An explanation per language code.")
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="+")
    adopted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["dialogue", "adopted_at", "id"]

    def __str__(self) -> str:
        return self.term_text("en")

    def term_text(self, language: str | None = None) -> str:
        return pick_language(self.texts, language)

    def note_text(self, language: str | None = None) -> str:
        return pick_language(self.note, language)


class Report(models.Model):
    """An analysis both sides agreed to publish as the dialogue's report."""

    dialogue = models.ForeignKey("dialogues.Dialogue", on_delete=models.CASCADE, related_name="reports")
    run = models.ForeignKey("analysis.AnalysisRun", on_delete=models.PROTECT, related_name="+")
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["dialogue", "-published_at", "-id"]

    def __str__(self) -> str:
        return f"report of dialogue {self.dialogue_id} from analysis {self.run_id}"


# Joint statements and moderation have their own modules; importing them here registers their models.
from parley.governance.joint_models import (  # noqa: E402
    Amendment,
    JointSignature,
    JointStatement,
    JointVersion,
    JointVote,
)
from parley.governance.moderation_models import (  # noqa: E402
    Appeal,
    BlocklistTerm,
    Flag,
    Hold,
    ModerationPolicy,
)

__all__ = [
    "Amendment",
    "Appeal",
    "BlocklistTerm",
    "Flag",
    "GlossaryTerm",
    "Hold",
    "JointSignature",
    "JointStatement",
    "JointVersion",
    "JointVote",
    "ModerationPolicy",
    "Proposal",
    "Report",
]
