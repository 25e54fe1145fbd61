"""The background task that runs the engine on a dialogue's votes and stores the result."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from parley.analysis.models import AnalysisRun
from parley.dialogues.models import Dialogue, Membership, Statement, Vote
from parley.engine import VoteTable, analyze
from parley.publicrecord import log
from parley.publicrecord.models import RecordEntry
from parley.record.replay import engine_input as replay_engine_input
from parley.record.replay import replay

logger = logging.getLogger(__name__)
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
        logger.exception("analysis run %s failed", run.pk)
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


def record_input(dialogue_id: int) -> tuple[dict, int]:
    """The engine's input replayed from the dialogue's public record, and how many entries it read.

    Computing from the record, not the tables, is what lets anyone recompute the published
    analysis from an exported bundle and get the same bytes.
    """
    rows = RecordEntry.objects.filter(dialogue_id=dialogue_id).order_by("seq").values_list("data", flat=True)
    entries = [json.loads(bytes(data)) for data in rows]
    state = replay(entries)
    kwargs = replay_engine_input(state)
    kwargs["n_votes"] = len(state.latest)
    return kwargs, len(entries)


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
    individual = run.dialogue.vote_visibility == Dialogue.VoteVisibility.INDIVIDUAL
    if individual:
        data, record_size = record_input(run.dialogue_id)
    else:
        # Only totals are public: the record holds no per-person votes, so compute from the tables.
        data, record_size = engine_input(run.dialogue_id), None
    last_report = [0.0]

    def progress(stage: str, fraction: float) -> None:
        # Report at most once a second: progress is for people watching, not a log.
        now = time.monotonic()
        if now - last_report[0] >= 1.0 or fraction >= 1.0:
            last_report[0] = now
            AnalysisRun.objects.filter(pk=run.pk).update(progress_stage=stage[:80], progress=fraction)

    analysis = analyze(
        data["votes"],
        sides=data["sides"],
        texts=data["texts"],
        moderated_out=data["moderated_out"],
        progress=progress,
    )
    result = analysis.to_dict()
    published = analysis.to_json(timings=False)
    meta = result.get("meta", {})
    with transaction.atomic():
        publish(run, published, record_size, environment=meta.get("environment"))
        _store(run, data, result, meta, published, record_size)


def publish(run: AnalysisRun, published: str, record_size: int | None, *, environment: dict | None = None) -> None:
    """Commit the result to the record by its hash; the text itself goes into exported bundles.

    ENVIRONMENT (numpy, scipy and their BLAS, as `meta.environment` names them) rides beside the
    hash, outside it: another computer's re-run may differ in the last digits, and the verifier
    then shows both sides. The run's `result` keeps it too.
    """
    payload: dict = {
        "run": run.pk,
        "upto": record_size if record_size is not None else 0,
        "result_sha256": hashlib.sha256(published.encode("utf-8")).hexdigest(),
        "recomputable": record_size is not None,
    }
    if environment:
        payload["environment"] = environment
    log.append(run.dialogue_id, "analysis.published", payload)


def _store(run: AnalysisRun, data: dict, result: dict, meta: dict, published: str, record_size: int | None) -> None:
    AnalysisRun.objects.filter(pk=run.pk).update(
        published_json=published,
        record_size=record_size,
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
