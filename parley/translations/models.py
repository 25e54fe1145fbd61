"""Translators of each side, and the earlier versions of every translation.

A statement's current translation per language is `dialogues.StatementTranslation`; when a new text
replaces it, the text it replaces is kept here with its provenance.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from parley.dialogues.models import Membership, Statement, StatementTranslation


class Translator(models.Model):
    """A member their side's co-chair or organizer made a translator, for some languages."""

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="translator")
    languages = models.JSONField(default=list, help_text="The language codes they translate between.")
    granted_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="translators_granted")
    granted_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"translator {self.membership_id} ({' '.join(self.languages)})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class TranslationVersion(models.Model):
    """A translation's text as it was before a later text replaced it."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="translation_versions")
    language = models.CharField(max_length=5)
    text = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=StatementTranslation.Source.choices)
    status = models.CharField(max_length=10, choices=StatementTranslation.Status.choices)
    translator = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    backend = models.CharField(max_length=40, blank=True)
    model = models.CharField(max_length=200, blank=True)
    pivot = models.CharField(max_length=5, blank=True)
    seq = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["statement", "language", "replaced_at", "id"]

    def __str__(self) -> str:
        return f"{self.language} of {self.statement_id}, replaced {self.replaced_at:%Y-%m-%d %H:%M}"


class TextTranslation(models.Model):
    """A free text of a side (a hold's public reason, a glossary note) in another language, with the
    same provenance and status as a statement's translation. The original stays where it was written;
    KIND and OBJECT_ID say which text this translates (see `parley.translations.texts`)."""

    Source = StatementTranslation.Source
    Status = StatementTranslation.Status

    dialogue = models.ForeignKey("dialogues.Dialogue", on_delete=models.CASCADE, related_name="text_translations")
    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=5)
    # The language of the original this translates.
    source_language = models.CharField(max_length=5)
    text = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=StatementTranslation.Source.choices)
    status = models.CharField(max_length=10, choices=StatementTranslation.Status.choices)
    translator = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    disputed_by = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    dispute_reason = models.TextField(blank=True)
    backend = models.CharField(max_length=40, blank=True)
    model = models.CharField(max_length=200, blank=True)
    pivot = models.CharField(max_length=5, blank=True)
    seq = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["dialogue", "kind", "object_id", "language"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "language"], name="text_translation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} in {self.language} ({self.status})"
