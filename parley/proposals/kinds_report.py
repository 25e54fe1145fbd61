"""The kind of proposal that publishes a finished analysis as the dialogue's report."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parley.dialogues.access import ActionError
from parley.dialogues.models import Dialogue, Membership
from parley.ledger import log
from parley.proposals.kinds import LEADS, Kind, pk_of, register
from parley.proposals.models import Proposal, Report
from parley.record.entries import REPORT_PUBLISHED


def _clean_report(member: Membership, data: Mapping[str, Any]) -> dict[str, Any]:
    from parley.analysis.models import AnalysisRun

    run_id = pk_of(data, "run", _("Choose a finished analysis."))
    run = AnalysisRun.objects.filter(pk=run_id, dialogue_id=member.dialogue_id, status=AnalysisRun.Status.DONE).first()
    if run is None:
        raise ActionError(_("Choose a finished analysis."), field="run")
    if Report.objects.filter(run=run).exists():
        raise ActionError(_("This analysis is already published as a report."), field="run")
    return {"run": run.pk, "votes": run.n_votes, "computed_at": log.record_time(run.finished_at or run.created_at)}


def _apply_report(proposal: Proposal, approver: Membership) -> None:
    from parley.analysis.models import AnalysisRun

    run = AnalysisRun.objects.get(pk=proposal.payload["run"])
    if Report.objects.filter(run=run).exists():
        raise ActionError(_("This analysis is already published as a report."))
    Report.objects.create(dialogue_id=proposal.dialogue_id, run=run, proposal=proposal)
    log.append(
        proposal.dialogue_id,
        REPORT_PUBLISHED,
        {"run": run.pk, "record_size": run.record_size, "proposal": proposal.pk},
        actor=approver,
    )


def _describe_report(payload: Mapping[str, Any], dialogue: Dialogue) -> str:
    return _("Publish the analysis of %(votes)d votes (%(when)s) as a report") % {
        "votes": payload["votes"],
        "when": payload["computed_at"][:16].replace("T", " "),
    }


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
