"""An analysis run: the engine's result for a dialogue at one moment, with its parameters and timings."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AnalysisRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Computing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    dialogue = models.ForeignKey("dialogues.Dialogue", on_delete=models.CASCADE, related_name="analysis_runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What the run saw: the engine's input sizes, its parameters and the seconds per stage.
    n_votes = models.PositiveIntegerField(default=0)
    n_participants = models.PositiveIntegerField(default=0)
    n_statements = models.PositiveIntegerField(default=0)
    # The dialogue's figures (`parley.record.figures`) as of the votes the run analysed; null for
    # runs from before them.
    figures = models.JSONField(null=True, blank=True)
    engine_version = models.CharField(max_length=40, blank=True)
    parameters = models.JSONField(default=dict)
    timings = models.JSONField(default=dict)
    progress_stage = models.CharField(max_length=80, blank=True)
    progress = models.FloatField(default=0.0)
    result = models.JSONField(null=True, blank=True)
    # The exact text whose SHA-256 the record's analysis.published entry holds (no timings), and
    # how many record entries it was computed from: what `parley verify` recomputes.
    published_json = models.TextField(blank=True)
    record_size = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Debouncing and "at most one running per dialogue", enforced by the database itself.
            models.UniqueConstraint(
                fields=["dialogue"], condition=models.Q(status="queued"), name="analysis_one_queued_per_dialogue"
            ),
            models.UniqueConstraint(
                fields=["dialogue"], condition=models.Q(status="running"), name="analysis_one_running_per_dialogue"
            ),
        ]
        indexes = [models.Index(fields=["dialogue", "status", "-finished_at"], name="analysis_latest")]

    def __str__(self) -> str:
        return f"analysis {self.pk} of dialogue {self.dialogue_id}: {self.status}"
