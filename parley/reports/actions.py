"""Every write of the reports app: freezing an adopted report, and recording its publication when due.

`freeze_report` runs inside the approval's transaction (the `report` kind's apply). A report with an
agreed time becomes public by the clock alone (the page checks the time); `settle_publications`, run by
`do_settle` (the worker once a minute, and the next write in the dialogue), writes its `report.published`
entry at or after that time, once.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from parley.dialogues.models import Dialogue, Membership
from parley.ledger import log
from parley.proposals.actions import DUE, SETTLERS
from parley.proposals.models import Report
from parley.record.entries import REPORT_FROZEN, REPORT_PUBLISHED
from parley.reports import snapshot
from parley.reports.models import FrozenReport


def freeze_report(report: Report, publish_at: datetime | None, approver: Membership) -> FrozenReport:
    """Store REPORT's snapshot and put its hash in the record; publish it now unless PUBLISH_AT is later."""
    now = timezone.now()
    if publish_at is not None and publish_at <= now:
        publish_at = None  # approved after the agreed time: public at once
    dialogue = Dialogue.objects.get(pk=report.dialogue_id)
    text = snapshot.encode(snapshot.build(dialogue, report.run, report.pk, publish_at))
    frozen = FrozenReport.objects.create(
        report=report,
        dialogue=dialogue,
        snapshot=text,
        snapshot_sha256=snapshot.sha256_of(text),
        frozen_at=now,
        publish_at=publish_at,
    )
    log.append(
        report.dialogue_id,
        REPORT_FROZEN,
        {
            "report": report.pk,
            "run": report.run_id,
            "proposal": report.proposal_id,
            "snapshot_sha256": frozen.snapshot_sha256,
            "publish_at": log.record_time(publish_at) if publish_at else "",
        },
        actor=approver,
    )
    if publish_at is None:
        _record_publication(frozen, approver)
    return frozen


def _record_publication(frozen: FrozenReport, actor: Membership | None) -> None:
    report = frozen.report
    entry = log.append(
        frozen.dialogue_id,
        REPORT_PUBLISHED,
        {"run": report.run_id, "proposal": report.proposal_id, "report": report.pk},
        actor=actor,
    )
    frozen.published_seq = entry.seq
    frozen.save(update_fields=["published_seq"])


def _due(dialogue_id: int | None = None) -> list[int]:
    rows = FrozenReport.objects.filter(published_seq__isnull=True, publish_at__lte=timezone.now())
    if dialogue_id is not None:
        rows = rows.filter(dialogue_id=dialogue_id)
    return list(rows.order_by("publish_at", "id").values_list("pk", flat=True))


def settle_publications(dialogue_id: int) -> None:
    """Record the publication of every report of the dialogue whose agreed time has come (idempotent:
    each report's row is locked and its entry written once)."""
    for pk in _due(dialogue_id):
        with transaction.atomic():
            frozen = FrozenReport.objects.select_for_update().select_related("report").get(pk=pk)
            if frozen.published_seq is None:
                _record_publication(frozen, None)


def dialogues_with_reports_due() -> set[int]:
    return set(
        FrozenReport.objects.filter(published_seq__isnull=True, publish_at__lte=timezone.now()).values_list(
            "dialogue_id", flat=True
        )
    )


SETTLERS.append(settle_publications)
DUE.append(dialogues_with_reports_due)
