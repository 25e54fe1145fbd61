"""The kind of proposal that publishes a finished analysis as the dialogue's report, optionally at an agreed time.

When the other side approves it, the report is frozen (`actions.freeze_report`): its page is a snapshot
from then on, and it becomes public at once or at `publish_at`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parley.analysis.models import AnalysisRun
from parley.dialogues.access import ActionError
from parley.dialogues.models import Dialogue, Membership
from parley.ledger import log
from parley.proposals.kinds import LEADS, Kind, pk_of, register
from parley.proposals.models import Proposal, Report

# Both countries keep UTC+4 all year: one local time serves both, and the form says so.
LOCAL = ZoneInfo("Asia/Baku")
MAX_EMBARGO = timedelta(days=366)


def parse_publish_at(value: object, now: datetime | None = None) -> datetime | None:
    """The agreed time as an aware UTC datetime, or None for "at once". A time without an offset is
    Baku/Yerevan time (the form's datetime-local field); one with an offset or Z is taken as given."""
    text = str(value or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ActionError(_("Give the publication time as YYYY-MM-DD HH:MM."), field="publish_at") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL)
    moment = moment.astimezone(UTC).replace(microsecond=0)
    now = now or timezone.now()
    if moment <= now:
        raise ActionError(_("The publication time must be in the future."), field="publish_at")
    if moment > now + MAX_EMBARGO:
        raise ActionError(_("The publication time must be within a year."), field="publish_at")
    return moment


def local_time(moment: datetime) -> str:
    """MOMENT as Baku/Yerevan time, e.g. "2026-12-24 14:00"."""
    return moment.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M")


def _clean_report(member: Membership, data: Mapping[str, Any]) -> dict[str, Any]:
    run_id = pk_of(data, "run", _("Choose a finished analysis."))
    run = AnalysisRun.objects.filter(pk=run_id, dialogue_id=member.dialogue_id, status=AnalysisRun.Status.DONE).first()
    if run is None:
        raise ActionError(_("Choose a finished analysis."), field="run")
    if Report.objects.filter(run=run).exists():
        raise ActionError(_("This analysis is already published as a report."), field="run")
    payload: dict[str, Any] = {
        "run": run.pk,
        "votes": run.n_votes,
        "computed_at": log.record_time(run.finished_at or run.created_at),
    }
    publish_at = parse_publish_at(data.get("publish_at"))
    if publish_at is not None:
        payload["publish_at"] = log.record_time(publish_at)
    return payload


def _apply_report(proposal: Proposal, approver: Membership) -> None:
    from parley.reports.actions import freeze_report

    run = AnalysisRun.objects.get(pk=proposal.payload["run"])
    if Report.objects.filter(run=run).exists():
        raise ActionError(_("This analysis is already published as a report."))
    report = Report.objects.create(dialogue_id=proposal.dialogue_id, run=run, proposal=proposal)
    publish_at = proposal.payload.get("publish_at")
    freeze_report(report, datetime.fromisoformat(publish_at.replace("Z", "+00:00")) if publish_at else None, approver)


def _describe_report(payload: Mapping[str, Any], dialogue: Dialogue) -> str:
    described = _("Publish the analysis of %(votes)d votes (%(when)s) as a report") % {
        "votes": payload["votes"],
        "when": payload["computed_at"][:16].replace("T", " "),
    }
    if payload.get("publish_at"):
        moment = datetime.fromisoformat(payload["publish_at"].replace("Z", "+00:00"))
        described += ", " + _("public from %(local)s Baku/Yerevan time (%(utc)s UTC)") % {
            "local": local_time(moment),
            "utc": moment.strftime("%Y-%m-%d %H:%M"),
        }
    return described


register(
    Kind(
        "report",
        gettext_lazy("Publish an analysis as the dialogue's report"),
        LEADS,
        _clean_report,
        _apply_report,
        _describe_report,
    )
)
