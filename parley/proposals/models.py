"""Dual control: proposals one side makes and the other side's co-chair (or deputy) approves.

Every privileged change to a dialogue is a Proposal. What each kind of proposal does is in
`parley.proposals.kinds`; the rows here only hold who asked what, and what became of it.
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
    """A term both sides adopted: its agreed neutral rendering in each language and, where the sides'
    usual words differ from it, each side's rendering (both sides agree that those are the term too)."""

    dialogue = models.ForeignKey("dialogues.Dialogue", on_delete=models.CASCADE, related_name="glossary")
    texts = models.JSONField(default=dict, help_text="The agreed neutral rendering per language code.")
    sides = models.JSONField(
        default=dict, help_text="Per side label, its own rendering per language code, where it differs."
    )
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

    def side_text(self, label: str, language: str) -> str:
        """Side LABEL's own rendering in LANGUAGE, or "" where it uses the neutral one."""
        return str(self.sides.get(label, {}).get(language, ""))

    def forms(self, language: str) -> list[str]:
        """Every rendering of the term in LANGUAGE: the neutral one first, then the sides' own."""
        found = [self.texts[language]] if self.texts.get(language) else []
        for label in sorted(self.sides):
            text = self.side_text(label, language)
            if text and text not in found:
                found.append(text)
        return found


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


# Joint statements and moderation are the apps `joint` and `moderation`.
__all__ = ["GlossaryTerm", "Proposal", "Report"]
