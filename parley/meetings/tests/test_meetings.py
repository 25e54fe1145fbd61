"""Scheduling, the agenda, attendance and running the room: who may do what, and what the record says."""

from __future__ import annotations

import pytest

from parley.dialogues import actions as dialogue_actions
from parley.errors import ActionError, NotAllowed
from parley.meetings import actions
from parley.meetings.models import AgendaItem, Attendance
from parley.meetings.tests.meeting_setup import entries, schedule, with_statements

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["aynur", "gayane", "farid", "narek"])
def test_a_co_chair_or_organizer_of_either_side_schedules_a_meeting_alone(world, who):
    meeting = schedule(world, who)
    assert meeting.place == "Tbilisi, Rustaveli 12"
    [entry] = entries(world, "meeting.created")
    assert entry["payload"]["meeting"] == meeting.pk
    assert entry["payload"]["place"] == "Tbilisi, Rustaveli 12"
    assert entry["actor"]["side"] == world.members[who].side.label


@pytest.mark.parametrize("who", ["alice", "bella", "elvin"])
def test_participants_and_moderators_cannot_schedule_a_meeting(world, who):
    with pytest.raises(NotAllowed):
        schedule(world, who)


def test_a_meeting_without_a_place_or_a_readable_time_is_refused_with_nothing_written(world):
    with pytest.raises(ActionError, match="where"):
        schedule(world, place="  ")
    with pytest.raises(ActionError, match="YYYY-MM-DD"):
        schedule(world, starts_at="next tuesday")
    assert entries(world, "meeting.created") == []


def test_the_agenda_holds_statements_topics_and_joint_clauses_in_order_and_the_record_follows_it(world):
    meeting, made = with_statements(world)
    actions.do_add_agenda_item(world.narek, meeting.pk, {"kind": "topic", "topic": {"hy": "Ջուր", "en": "Water"}})
    kinds = [item.kind for item in meeting.items.all()]
    assert kinds == ["statement", "statement", "topic"]
    last = entries(world, "meeting.agenda_changed")[-1]["payload"]["items"]
    assert [i["position"] for i in last] == [1, 2, 3]
    assert last[0]["statement"] == made[0].pk and last[2]["texts"] == {"hy": "Ջուր", "en": "Water"}
    actions.do_remove_agenda_item(world.aynur, meeting.pk, meeting.items.get(position=1).pk)
    assert [i.position for i in AgendaItem.objects.filter(meeting=meeting)] == [1, 2]


def test_an_agenda_item_naming_a_statement_of_another_dialogue_or_no_kind_is_refused(world):
    meeting = schedule(world)
    elsewhere = dialogue_actions.do_submit_statement(world.outsider, "Elsewhere", "en")
    with pytest.raises(ActionError, match="no visible statement"):
        actions.do_add_agenda_item(world.farid, meeting.pk, {"kind": "statement", "statement": elsewhere.pk})
    with pytest.raises(ActionError, match="what the agenda item is"):
        actions.do_add_agenda_item(world.farid, meeting.pk, {"kind": "speech"})
    assert not meeting.items.exists()


@pytest.mark.parametrize("chair", ["aynur", "gayane"])
def test_either_sides_co_chair_advances_the_agenda_and_a_statement_item_takes_the_spotlight(world, chair):
    meeting, made = with_statements(world)
    actions.do_advance(world.members[chair], meeting.pk)
    actions.do_advance(world.members[chair], meeting.pk)
    meeting.refresh_from_db()
    assert meeting.current_item is not None and meeting.current_item.position == 2
    assert meeting.spotlight_id == made[1].pk
    assert [e["payload"]["item"] for e in entries(world, "meeting.advanced")] == [1, 2]
    with pytest.raises(ActionError, match="no agenda item there"):
        actions.do_advance(world.members[chair], meeting.pk)


@pytest.mark.parametrize("who", ["alice", "bella", "farid", "lilit"])
def test_participants_organizers_and_moderators_cannot_run_the_room(world, who):
    meeting, made = with_statements(world)
    member = world.members[who]
    with pytest.raises(NotAllowed):
        actions.do_advance(member, meeting.pk)
    with pytest.raises(NotAllowed):
        actions.do_set_spotlight(member, meeting.pk, made[0].pk)
    with pytest.raises(NotAllowed):
        actions.do_start_round(member, meeting.pk, 60)
    assert entries(world, "meeting.advanced") == []


def test_a_timed_round_runs_on_the_spotlight_statement_and_the_record_states_its_end(world):
    meeting, made = with_statements(world)
    with pytest.raises(ActionError, match="spotlight first"):
        actions.do_start_round(world.gayane, meeting.pk, 60)
    actions.do_set_spotlight(world.gayane, meeting.pk, made[0].pk)
    with pytest.raises(ActionError, match="from 10 to 3600"):
        actions.do_start_round(world.gayane, meeting.pk, 5)
    made_round = actions.do_start_round(world.gayane, meeting.pk, "90")
    assert made_round.statement_id == made[0].pk
    assert (made_round.ends_at - made_round.started_at).total_seconds() == 90
    [entry] = entries(world, "meeting.round_started")
    assert entry["payload"]["statement"] == made[0].pk and entry["payload"]["seconds"] == 90
    assert entries(world, "meeting.spotlight")[0]["payload"]["statement"] == made[0].pk


def test_attendance_is_marked_by_each_side_for_its_own_members_and_the_record_gets_only_counts(world):
    meeting = schedule(world)
    actions.do_mark_attendance(world.farid, meeting.pk, [world.alice.pk, world.aysel.pk, world.farid.pk])
    actions.do_mark_attendance(world.narek, meeting.pk, [world.bella.pk])
    with pytest.raises(ActionError, match="own side"):
        actions.do_mark_attendance(world.narek, meeting.pk, [world.alice.pk])
    actions.do_mark_attendance(world.farid, meeting.pk, [world.alice.pk])
    assert sorted(a.membership.handle for a in Attendance.objects.filter(meeting=meeting)) == ["Alice", "Bella"]
    payloads = [e["payload"] for e in entries(world, "meeting.attendance")]
    assert [(p["side"], p["present"]) for p in payloads] == [("A", 3), ("B", 1), ("A", 1)]
    written = str(entries(world, "meeting.attendance"))
    assert "Alice" not in written and "Aysel" not in written and str(world.alice.pk) not in str(payloads)


def test_a_closed_meeting_changes_no_more_and_forgets_its_join_links(world):
    meeting, _made = with_statements(world)
    meeting.join_links = {"A": "http://testserver/join/x/"}
    meeting.save()
    actions.do_end_meeting(world.gayane, meeting.pk)
    meeting.refresh_from_db()
    assert meeting.ended_at is not None and meeting.join_links == {}
    with pytest.raises(ActionError, match="closed"):
        actions.do_advance(world.aynur, meeting.pk)
    assert len(entries(world, "meeting.ended")) == 1


def test_an_organizer_of_the_other_side_changes_the_place_and_time_and_the_record_says_so(world):
    meeting = schedule(world)
    data = {"place": "Yerevan", "starts_at": "2026-04-02T09:30", "title.hy": "Երկրորդ փուլ"}
    response = world.client("narek").post(f"/d/{world.dialogue.slug}/meetings/{meeting.pk}/edit/", data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Yerevan" and meeting.title == {"hy": "Երկրորդ փուլ"}
    [changed] = entries(world, "meeting.changed")
    assert changed["payload"]["place"] == "Yerevan" and changed["payload"]["starts_at"].startswith("2026-04-02")
    with pytest.raises(ActionError, match="Nothing would change"):
        actions.do_edit_meeting(world.narek, meeting.pk, {**data, "title": {"hy": "Երկրորդ փուլ"}})


def test_a_clause_of_a_joint_statement_goes_on_the_agenda_with_the_version_it_was_read_in(world):
    from parley.joint.tests.joint_setup import drafted

    joint = drafted(world)
    meeting = schedule(world)
    with pytest.raises(ActionError, match="clause"):
        actions.do_add_agenda_item(world.farid, meeting.pk, {"kind": "clause", "joint": joint.pk, "clause": "99"})
    item = actions.do_add_agenda_item(world.farid, meeting.pk, {"kind": "clause", "joint": joint.pk, "clause": "1"})
    assert (item.joint_id, item.joint_version, item.clause) == (joint.pk, 1, "1")
    [changed] = entries(world, "meeting.agenda_changed")
    assert changed["payload"]["items"] == [
        {"position": 1, "kind": "clause", "joint": joint.pk, "version": 1, "clause": "1"}
    ]
    page = world.client("bella").get(f"/d/{world.dialogue.slug}/meetings/{meeting.pk}/").content.decode()
    assert f"/joint/{joint.pk}/" in page
