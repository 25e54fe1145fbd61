"""A report agreed for a later time is embargoed until then: hidden from the public, marked for members,
public at the time with nothing to do, and its publication recorded once at or after it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from unittest.mock import patch

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parley.dialogues.access import ActionError
from parley.ledger.models import RecordEntry
from parley.proposals import actions as proposal_actions
from parley.record.entries import REPORT_FROZEN, REPORT_PUBLISHED
from parley.reports.kinds import LOCAL, parse_publish_at
from parley.reports.tests.setup import adopted, voted


def _in_two_days() -> datetime:
    return (timezone.now() + timedelta(days=2)).replace(microsecond=0)


def _published_entries(world) -> list[dict]:
    rows = RecordEntry.objects.filter(dialogue=world.dialogue, type=REPORT_PUBLISHED)
    return [json.loads(bytes(r.data)) for r in rows]


def _url(frozen) -> str:
    return reverse("reports:report", args=[frozen.dialogue.slug, frozen.report_id])


def test_before_its_time_a_report_is_not_found_by_the_public_and_marked_embargoed_for_members(world):
    voted(world)
    when = _in_two_days()
    frozen = adopted(world, publish_at=when.isoformat())
    assert Client().get(_url(frozen)).status_code == 404
    assert Client().get(reverse("reports:snapshot", args=[world.dialogue.slug, frozen.report_id])).status_code == 404
    page = world.client("alice").get(_url(frozen), {"lang": "en"})
    assert page.status_code == 200
    assert "Embargoed until" in page.content.decode()
    assert "Baku/Yerevan time" in page.content.decode()
    assert _published_entries(world) == []
    (entry,) = [json.loads(bytes(r.data)) for r in RecordEntry.objects.filter(type=REPORT_FROZEN)]
    assert entry["payload"]["publish_at"].startswith(when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M"))


def test_at_its_time_a_report_becomes_public_with_no_action_and_its_publication_is_recorded_once(world):
    voted(world)
    frozen = adopted(world, publish_at=_in_two_days().isoformat())
    later = timezone.now() + timedelta(days=2, minutes=1)
    with patch("django.utils.timezone.now", return_value=later):
        response = Client().get(_url(frozen), {"lang": "en"})
        assert response.status_code == 200
        assert "Embargoed" not in response.content.decode()
        assert proposal_actions.settle_everything() >= 1
        proposal_actions.settle_everything()
    (entry,) = _published_entries(world)
    assert entry["actor"] is None and entry["payload"]["report"] == frozen.report_id
    frozen.refresh_from_db()
    assert frozen.published_seq == entry["seq"]


def test_a_time_without_an_offset_is_baku_and_yerevan_time():
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert parse_publish_at("2026-12-24T14:00", now) == datetime(2026, 12, 24, 10, 0, tzinfo=UTC)
    assert parse_publish_at("2026-12-24T14:00Z", now) == datetime(2026, 12, 24, 14, 0, tzinfo=UTC)
    assert parse_publish_at("", now) is None


@pytest.mark.parametrize("value", ["tomorrow", "2020-01-01T00:00", "2099-01-01T00:00"])
def test_a_publication_time_that_is_unreadable_past_or_too_far_is_refused_and_nothing_is_written(world, value):
    voted(world)
    from parley.analysis.tasks import analyse_now

    run = analyse_now(world.dialogue.pk)
    before = RecordEntry.objects.count()
    with pytest.raises(ActionError):
        proposal_actions.do_propose(world.aynur, "report", {"run": run.pk, "publish_at": value})
    assert RecordEntry.objects.count() == before


def test_a_report_approved_after_its_agreed_time_is_public_at_once(world):
    voted(world)
    from parley.analysis.tasks import analyse_now
    from parley.reports.models import FrozenReport

    run = analyse_now(world.dialogue.pk)
    made = proposal_actions.do_propose(world.aynur, "report", {"run": run.pk, "publish_at": _in_two_days().isoformat()})
    with patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(days=3)):
        proposal_actions.do_approve_proposal(world.gayane, made.proposal.pk)
    frozen = FrozenReport.objects.get(report__run=run)
    assert frozen.publish_at is None and frozen.published_seq is not None
    assert len(_published_entries(world)) == 1


def test_the_proposals_form_takes_the_time_in_baku_and_yerevan_time(world):
    from parley.analysis.tasks import analyse_now
    from parley.proposals.models import Proposal

    voted(world)
    run = analyse_now(world.dialogue.pk)
    page = world.client("aynur").get(reverse("proposals:proposals", args=[world.dialogue.slug])).content.decode()
    assert 'type="datetime-local" name="publish_at"' in page
    local = (timezone.now() + timedelta(days=2)).astimezone(LOCAL).strftime("%Y-%m-%dT%H:%M")
    world.client("aynur").post(
        reverse("proposals:propose", args=[world.dialogue.slug]),
        {"kind": "report", "run": run.pk, "publish_at": local, "days": 7},
    )
    proposal = Proposal.objects.get(kind="report")
    stored = datetime.fromisoformat(proposal.payload["publish_at"].replace("Z", "+00:00"))
    assert stored.astimezone(LOCAL).strftime("%Y-%m-%dT%H:%M") == local
    assert stored.utcoffset() == timedelta(0)
