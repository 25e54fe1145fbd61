"""The background task that runs the engine on a dialogue's votes and stores the result."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from parley.analysis.models import AnalysisRun
from parley.analysis.privacy import aggregate_only, published_text
from parley.dialogues.figures import dialogue_figures
from parley.dialogues.models import Dialogue, Membership, Statement, TallyBatch
from parley.dialogues.tallies import published_votes
from parley.engine import VoteTable, analyze
from parley.ledger import log
from parley.ledger.models import RecordEntry
from parley.record.entries import ANALYSIS_RUN_RECORDED, STATEMENT_SUBMITTED
from parley.record.figures import from_state
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
    kwargs["figures"] = from_state(state)
    return kwargs, len(entries)


def batch_input(dialogue_id: int) -> tuple[dict, int] | None:
    """The engine's input for a totals-only dialogue: the votes of its sealed batches only, so the
    analysis changes only when a batch is published; and the record size that batch ends. None if
    no batch is sealed yet."""
    batch = TallyBatch.objects.filter(dialogue_id=dialogue_id).order_by("-number").first()
    if batch is None:
        return None
    latest = published_votes(dialogue_id, upto_batch=batch.number)
    members = Membership.objects.filter(dialogue_id=dialogue_id).exclude(role=Membership.Role.OBSERVER)
    # The statements the record holds up to the batch, so the analysis is of the record as the batch ends it.
    submitted = RecordEntry.objects.filter(dialogue_id=dialogue_id, type=STATEMENT_SUBMITTED, seq__lt=batch.seq)
    known = [json.loads(bytes(data))["payload"]["statement"] for data in submitted.values_list("data", flat=True)]
    statements = list(Statement.objects.filter(pk__in=known).values_list("pk", "text", "status"))
    return {
        "votes": VoteTable.from_records(
            (str(m), str(s), value, float(i)) for i, ((m, s), (value, _side)) in enumerate(latest.items())
        ),
        "sides": {str(pk): label for pk, label in members.values_list("pk", "side__label")},
        # Ids only: the published analysis never carries a text that may later be withdrawn.
        "texts": {str(pk): "" for pk, _text, _status in statements},
        "moderated_out": {str(pk) for pk, _text, status in statements if status != Statement.Status.VISIBLE},
        # The batch is the latest sealed one, so the figures now are those of the analysed votes.
        "figures": dialogue_figures(Dialogue.objects.get(pk=dialogue_id)),
    }, batch.seq + 1


def compute(run: AnalysisRun) -> None:
    individual = run.dialogue.vote_visibility == Dialogue.VoteVisibility.INDIVIDUAL
    if individual:
        data, record_size = record_input(run.dialogue_id)
    else:
        batched = batch_input(run.dialogue_id)
        if batched is None:
            # Nothing is published yet: an analysis now would tell what the waiting votes say.
            AnalysisRun.objects.filter(pk=run.pk).update(
                status=AnalysisRun.Status.FAILED, finished_at=timezone.now(), error="No batch of votes is sealed yet."
            )
            return
        data, record_size = batched
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
    if not individual:
        # Only totals are public: nothing per participant leaves the server, not even in the tables.
        result = aggregate_only(result, settings.TALLY_MIN_VOTERS)
        published = published_text(aggregate_only(analysis.to_dict(timings=False), settings.TALLY_MIN_VOTERS))
    meta = result.get("meta", {})
    with transaction.atomic():
        publish(run, published, record_size, recomputable=individual, environment=meta.get("environment"))
        _store(run, data, result, meta, published, record_size)


def publish(
    run: AnalysisRun,
    published: str,
    record_size: int | None,
    *,
    recomputable: bool = True,
    environment: dict | None = None,
) -> None:
    """Commit the result to the record by its hash; the text itself goes into exported bundles.

    ENVIRONMENT (numpy, scipy and their BLAS, as `meta.environment` names them) rides beside the
    hash, outside it: another computer's re-run may differ in the last digits, and the verifier
    then shows both sides. The run's `result` keeps it too.
    """
    payload: dict = {
        "run": run.pk,
        "upto": record_size if record_size is not None else 0,
        "result_sha256": hashlib.sha256(published.encode("utf-8")).hexdigest(),
        "recomputable": record_size is not None and recomputable,
    }
    if environment:
        payload["environment"] = environment
    log.append(run.dialogue_id, ANALYSIS_RUN_RECORDED, payload)


def _store(run: AnalysisRun, data: dict, result: dict, meta: dict, published: str, record_size: int | None) -> None:
    AnalysisRun.objects.filter(pk=run.pk).update(
        published_json=published,
        record_size=record_size,
        status=AnalysisRun.Status.DONE,
        finished_at=timezone.now(),
        # The figures as of the analysed votes, by the one definition (`parley.record.figures`).
        figures=data["figures"].to_dict(),
        n_votes=data["figures"].current_votes,
        n_participants=data["figures"].participants,
        n_statements=len(result["statements"]),
        engine_version=str(meta.get("engine", {}).get("version", "")),
        parameters=meta.get("parameters", {}),
        timings=meta.get("seconds", {}),
        progress=1.0,
        result=result,
    )
