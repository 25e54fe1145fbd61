"""The background task that runs the engine on a dialogue's votes and stores the result."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from parley.analysis.models import AnalysisRun
from parley.dialogues.models import Membership, Statement, Vote
from parley.engine import VoteTable, analyze

log = logging.getLogger(__name__)
RETRY_SECONDS = 5
STALE_SECONDS = 30 * 60


@task()
def run_analysis(run_id: int) -> str:
    """Analyse the dialogue of run RUN_ID, unless another run of it is still computing."""
    run = AnalysisRun.objects.filter(pk=run_id, status=AnalysisRun.Status.QUEUED).first()
    if run is None:
        return "nothing to do"
    # A worker that died mid-run leaves its run "running" for ever; past the limit, it has failed.
    AnalysisRun.objects.filter(
        dialogue_id=run.dialogue_id,
        status=AnalysisRun.Status.RUNNING,
        started_at__lt=timezone.now() - timedelta(seconds=STALE_SECONDS),
    ).update(status=AnalysisRun.Status.FAILED, finished_at=timezone.now(), error="The worker stopped before finishing.")
    try:
        with transaction.atomic():
            AnalysisRun.objects.filter(pk=run.pk).update(status=AnalysisRun.Status.RUNNING, started_at=timezone.now())
    except IntegrityError:
        # Another run of this dialogue is computing; try again shortly.
        if default_task_backend.supports_defer:
            run_analysis.using(run_after=timezone.now() + timedelta(seconds=RETRY_SECONDS)).enqueue(run_id)
        return "another run is computing"
    try:
        compute(run)
    except Exception:
        log.exception("analysis run %s failed", run.pk)
        AnalysisRun.objects.filter(pk=run.pk).update(
            status=AnalysisRun.Status.FAILED,
            finished_at=timezone.now(),
            error="The analysis failed; the server log has the details.",
        )
        raise
    return "done"


def analyse_now(dialogue_id: int) -> AnalysisRun:
    """Run an analysis of the dialogue in this process, now (for the demo and the command line)."""
    run = AnalysisRun.objects.filter(dialogue_id=dialogue_id, status=AnalysisRun.Status.QUEUED).first()
    if run is None:
        run = AnalysisRun.objects.create(dialogue_id=dialogue_id)
    run_analysis.call(run.pk)
    run.refresh_from_db()
    return run


def engine_input(dialogue_id: int) -> dict:
    """The dialogue's votes that count, its sides and statements, as the engine takes them."""
    votes = list(
        Vote.objects.filter(statement__dialogue_id=dialogue_id)
        .exclude(membership__role=Membership.Role.OBSERVER)
        .values_list("membership_id", "statement_id", "value", "updated_at")
    )
    members = Membership.objects.filter(dialogue_id=dialogue_id).exclude(role=Membership.Role.OBSERVER)
    statements = list(Statement.objects.filter(dialogue_id=dialogue_id).values_list("pk", "text", "status"))
    return {
        "votes": VoteTable.from_records((str(m), str(s), v, t.timestamp()) for m, s, v, t in votes),
        "sides": {str(pk): label for pk, label in members.values_list("pk", "side__label")},
        "texts": {str(pk): text for pk, text, _status in statements},
        "moderated_out": {str(pk) for pk, _text, status in statements if status != Statement.Status.VISIBLE},
        "n_votes": len(votes),
    }


def compute(run: AnalysisRun) -> None:
    data = engine_input(run.dialogue_id)
    last_report = [0.0]

    def progress(stage: str, fraction: float) -> None:
        # Report at most once a second: progress is for people watching, not a log.
        now = time.monotonic()
        if now - last_report[0] >= 1.0 or fraction >= 1.0:
            last_report[0] = now
            AnalysisRun.objects.filter(pk=run.pk).update(progress_stage=stage[:80], progress=fraction)

    result = analyze(
        data["votes"],
        sides=data["sides"],
        texts=data["texts"],
        moderated_out=data["moderated_out"],
        progress=progress,
    ).to_dict()
    meta = result.get("meta", {})
    AnalysisRun.objects.filter(pk=run.pk).update(
        status=AnalysisRun.Status.DONE,
        finished_at=timezone.now(),
        n_votes=data["n_votes"],
        n_participants=len({p["id"] for p in result["participants"]}),
        n_statements=len(result["statements"]),
        engine_version=str(meta.get("engine", {}).get("version", "")),
        parameters=meta.get("parameters", {}),
        timings=meta.get("seconds", {}),
        progress=1.0,
        result=result,
    )
