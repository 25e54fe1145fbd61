"""A record with meetings in it exports and verifies, and its votes.csv holds no paper ballot."""

from __future__ import annotations

import io
import zipfile

import pytest

from parley.dialogues import actions as dialogue_actions
from parley.dialogues.models import Dialogue
from parley.meetings import actions
from parley.meetings.tests.meeting_setup import with_statements
from parley.publicrecord.export import export_bundle
from parley.record.verifier import verify_bundle

pytestmark = pytest.mark.django_db


def test_a_record_with_every_kind_of_meeting_entry_exports_and_verifies_and_paper_ballots_are_no_votes(world):
    meeting, made = with_statements(world)
    dialogue_actions.do_cast_vote(world.bella, made[0].pk, 1)
    actions.do_advance(world.aynur, meeting.pk)
    actions.do_set_spotlight(world.gayane, meeting.pk, made[1].pk)
    actions.do_start_round(world.gayane, meeting.pk, 30)
    actions.do_mark_attendance(world.narek, meeting.pk, [world.bella.pk, world.bashir.pk])
    actions.do_enter_paper_votes(world.lilit, meeting.pk, made[0].pk, {"agree": 40, "disagree": 2, "pass": 1})
    actions.do_start_minutes(world.gayane, meeting.pk, {"hy": "Արձանագրություն"}, "Հանդիպեցինք։", "hy")
    actions.do_end_meeting(world.aynur, meeting.pk)
    bundle = io.BytesIO()
    export_bundle(Dialogue.objects.get(pk=world.dialogue.pk), bundle)
    report = verify_bundle(io.BytesIO(bundle.getvalue()))
    assert report.ok
    with zipfile.ZipFile(io.BytesIO(bundle.getvalue())) as z:
        votes = z.read("votes.csv").decode().strip().splitlines()
        record = z.read("record.jsonl").decode()
    assert len(votes) == 1 + 3  # the header, the two authors' own agrees, bella's vote: no paper ballot
    assert '"type":"meeting.paper_votes"' in record and '"agree":40' in record
    assert "Bashir" not in record.split('"type":"meeting.attendance"')[1].split("\n")[0]
