"""When to analyse: after votes change, debounced, with at most one run queued and one running."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import default_task_backend

from parley.analysis.models import AnalysisRun


def schedule_analysis(dialogue_id: int) -> AnalysisRun | None:
    """Queue an analysis of the dialogue unless one is already waiting; return the new run, if any."""
    from parley.analysis.tasks import run_analysis

    if AnalysisRun.objects.filter(dialogue_id=dialogue_id, status=AnalysisRun.Status.QUEUED).exists():
        return None  # one is already waiting, and it will see these votes too (no INSERT to fail)
    try:
        with transaction.atomic():
            run = AnalysisRun.objects.create(dialogue_id=dialogue_id)
    except IntegrityError:
        return None  # one was queued in the meantime
    task = run_analysis
    if default_task_backend.supports_defer:
        # Votes come in bursts: wait a little so that one run covers the whole burst.
        task = task.using(run_after=timezone.now() + timedelta(seconds=settings.ANALYSIS_DEBOUNCE_SECONDS))
    task.enqueue(run.pk)
    return run
