"""Two-sided moderation, through the actions: flags, holds the other side decides, the 48 hours, appeals."""

from __future__ import annotations

import json
from datetime import timedelta
from unittest.mock import patch

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from parley.dialogues.access import ActionError
from parley.dialogues.models import Statement
from parley.ledger.models import RecordEntry
from parley.ledger.openings import opened_entries
from parley.moderation import actions as moderation
from parley.moderation import queries as moderation_queries
from parley.moderation.models import Appeal, Flag, Hold
from parley.proposals.actions import do_settle
from parley.record.replay import engine_input, replay
from parley.testing.personas import propose_and_approve

pytestmark = pytest.mark.django_db


def entries(world):
    return opened_entries(world.dialogue.pk, RecordEntry.objects.filter(dialogue=world.dialogue).order_by("seq"))


def last_entry(world, type_name):
    return [e for e in entries(world) if e["type"] == type_name][-1]


def status_of(statement):
    statement.refresh_from_db()
    return statement.status


@pytest.fixture
def rude(world):
    return world.statement("bella", "The other side are all liars and thieves.")


def hold_by_elvin(world, statement, rule="insult"):
    return moderation.do_hold(world.elvin, statement.pk, rule, "Insults the other side")


# --- flags -------------------------------------------------------------------------------------------


def test_a_flag_is_recorded_without_its_flagger(world, rude):
    moderation.do_flag(world.alice, rude.pk, "insult", "Calls us liars")
    entry = last_entry(world, "statement.flagged")
    assert entry["actor"] is None
    assert entry["payload"] == {"statement": rude.pk, "reason": "insult"}
    assert "Alice" not in json.dumps(entry)


def test_a_member_flags_a_statement_only_once(world, rude):
    moderation.do_flag(world.alice, rude.pk, "insult")
    with pytest.raises(ActionError, match="already flagged"):
        moderation.do_flag(world.alice, rude.pk, "other")
    assert Flag.objects.filter(statement=rude).count() == 1


def test_a_flag_needs_a_reason_from_the_list_and_a_statement_of_the_dialogue(world, rude):
    with pytest.raises(ActionError) as bad_reason:
        moderation.do_flag(world.alice, rude.pk, "boring")
    assert bad_reason.value.field == "reason"
    with pytest.raises(ActionError):
        moderation.do_flag(world.outsider, rude.pk, "insult")
    with pytest.raises(ActionError):
        moderation.do_flag(world.alice, "nine", "insult")
    assert not Flag.objects.exists()


def test_a_flag_note_has_at_most_300_characters(world, rude):
    with pytest.raises(ActionError, match="300"):
        moderation.do_flag(world.alice, rude.pk, "other", "x" * 301)


def test_a_moderator_dismisses_flags_and_the_record_says_so(world, rude):
    moderation.do_flag(world.alice, rude.pk, "insult")
    moderation.do_flag(world.bashir, rude.pk, "off_topic")
    assert moderation.do_dismiss_flags(world.lilit, rude.pk) == 2
    assert last_entry(world, "statement.flags_dismissed")["payload"] == {"statement": rude.pk, "flags": 2, "side": "B"}
    with pytest.raises(ActionError, match="no flags"):
        moderation.do_dismiss_flags(world.lilit, rude.pk)


# --- holds ---------------------------------------------------------------------------------------------


def test_flag_then_hold_by_side_a_then_removal_agreed_by_side_b(world, rude):
    moderation.do_flag(world.alice, rude.pk, "insult")
    hold = hold_by_elvin(world, rude)
    assert status_of(rude) == Statement.Status.ON_HOLD
    assert Flag.objects.get(statement=rude).handled
    held = last_entry(world, "statement.moderated")
    assert held["payload"] == {
        "statement": rude.pk,
        "status": "on_hold",
        "rule": "insult",
        "reason": "Insults the other side",
        "case": hold.pk,
    }
    moderation.do_decide_hold(world.lilit, hold.pk, "remove")
    assert status_of(rude) == Statement.Status.REMOVED
    hold.refresh_from_db()
    assert hold.state == Hold.State.REMOVED
    removed = last_entry(world, "statement.moderated")
    assert removed["payload"]["status"] == "removed" and removed["actor"]["side"] == "B"


@pytest.mark.parametrize("decision", ["remove", "keep"])
def test_the_holding_side_cannot_remove_or_keep_alone(world, rude, decision):
    hold = hold_by_elvin(world, rude)
    for moderator in ("elvin", "aynur"):
        with pytest.raises(PermissionDenied):
            moderation.do_decide_hold(world.members[moderator], hold.pk, decision)
    assert status_of(rude) == Statement.Status.ON_HOLD
    hold.refresh_from_db()
    assert hold.state == Hold.State.HELD


def test_the_holding_side_may_return_its_own_hold(world, rude):
    hold = hold_by_elvin(world, rude)
    moderation.do_decide_hold(world.elvin, hold.pk, "return")
    assert status_of(rude) == Statement.Status.VISIBLE


def test_the_other_side_keeps_it_on_hold_past_48_hours(world, rude):
    hold = hold_by_elvin(world, rude)
    moderation.do_decide_hold(world.gayane, hold.pk, "keep")
    Hold.objects.filter(pk=hold.pk).update(deadline=timezone.now() - timedelta(hours=1))
    do_settle(world.dialogue.pk)
    assert status_of(rude) == Statement.Status.ON_HOLD
    hold.refresh_from_db()
    assert hold.state == Hold.State.KEPT


@pytest.mark.parametrize("who", ["alice", "farid", "bella", "narek", "outsider"])
def test_participants_organizers_and_outsiders_cannot_hold(world, rude, who):
    with pytest.raises((PermissionDenied, ActionError)):
        moderation.do_hold(world.members[who], rude.pk, "insult", "No")
    assert status_of(rude) == Statement.Status.VISIBLE
    assert not Hold.objects.exists()


def test_nobody_anonymous_can_hold(world, rude):
    with pytest.raises(PermissionDenied):
        moderation.do_hold(None, rude.pk, "insult", "No")


def test_a_hold_needs_a_rule_and_a_public_reason(world, rude):
    with pytest.raises(ActionError) as no_reason:
        moderation.do_hold(world.elvin, rude.pk, "insult", "  ")
    assert no_reason.value.field == "reason"
    with pytest.raises(ActionError) as bad_rule:
        moderation.do_hold(world.elvin, rude.pk, "blocklist", "Matches")
    assert bad_rule.value.field == "rule"
    assert status_of(rude) == Statement.Status.VISIBLE


def test_a_hold_returns_by_itself_after_48_hours_without_the_other_side(world, rude):
    hold = hold_by_elvin(world, rude)
    later = timezone.now() + timedelta(hours=48, minutes=1)
    do_settle(world.dialogue.pk)
    assert status_of(rude) == Statement.Status.ON_HOLD
    with patch("django.utils.timezone.now", return_value=later):
        do_settle(world.dialogue.pk)
    assert status_of(rude) == Statement.Status.VISIBLE
    entry = last_entry(world, "statement.moderated")
    assert entry["actor"] is None
    assert entry["payload"]["status"] == "visible" and entry["payload"]["rule"] == "48h"
    assert entry["payload"]["case"] == hold.pk
    with pytest.raises(ActionError, match="closed"):
        moderation.do_decide_hold(world.lilit, hold.pk, "remove")


def test_a_decision_must_be_remove_keep_or_return(world, rude):
    hold = hold_by_elvin(world, rude)
    with pytest.raises(ActionError):
        moderation.do_decide_hold(world.lilit, hold.pk, "delete")
    with pytest.raises(ActionError):
        moderation.do_decide_hold(world.lilit, 999999, "remove")


# --- appeals -------------------------------------------------------------------------------------------


def test_the_author_appeals_once(world, rude):
    hold = hold_by_elvin(world, rude)
    appeal = moderation.do_appeal(world.bella, rude.pk, "It was about politicians, not people.")
    entry = last_entry(world, "statement.appealed")
    assert entry["payload"] == {"statement": rude.pk, "case": hold.pk, "appeal": appeal.pk}
    assert entry["actor"]["handle"] == "Bella"
    with pytest.raises(ActionError, match="once"):
        moderation.do_appeal(world.bella, rude.pk, "Again")


def test_only_the_author_appeals_a_statement_that_is_held(world, rude):
    with pytest.raises(ActionError, match="nothing to appeal"):
        moderation.do_appeal(world.bella, rude.pk, "Why?")
    hold_by_elvin(world, rude)
    with pytest.raises(PermissionDenied):
        moderation.do_appeal(world.bashir, rude.pk, "Not mine but still")
    with pytest.raises(ActionError) as empty:
        moderation.do_appeal(world.bella, rude.pk, "")
    assert empty.value.field == "text"
    assert not Appeal.objects.exists()


def test_both_sides_restore_and_the_statement_is_visible_again(world, rude):
    hold = hold_by_elvin(world, rude)
    moderation.do_decide_hold(world.lilit, hold.pk, "remove")
    appeal = moderation.do_appeal(world.bella, rude.pk, "Please look again.")
    moderation.do_answer_appeal(world.elvin, appeal.pk, "restore")
    assert status_of(rude) == Statement.Status.REMOVED
    with pytest.raises(ActionError, match="already answered"):
        moderation.do_answer_appeal(world.aynur, appeal.pk, "uphold")
    moderation.do_answer_appeal(world.lilit, appeal.pk, "restore")
    assert status_of(rude) == Statement.Status.VISIBLE
    appeal.refresh_from_db()
    assert appeal.state == Appeal.State.RESTORED
    entry = last_entry(world, "statement.moderated")
    assert entry["payload"]["status"] == "visible" and entry["payload"]["rule"] == "appeal"


def test_one_uphold_closes_the_appeal(world, rude):
    hold_by_elvin(world, rude)
    appeal = moderation.do_appeal(world.bella, rude.pk, "Please look again.")
    moderation.do_answer_appeal(world.lilit, appeal.pk, "uphold")
    appeal.refresh_from_db()
    assert appeal.state == Appeal.State.UPHELD
    assert status_of(rude) == Statement.Status.ON_HOLD
    assert last_entry(world, "appeal.answered")["payload"]["outcome"] == "upheld"
    with pytest.raises(ActionError, match="already answered"):
        moderation.do_answer_appeal(world.elvin, appeal.pk, "restore")


def test_participants_cannot_answer_appeals(world, rude):
    hold_by_elvin(world, rude)
    appeal = moderation.do_appeal(world.bella, rude.pk, "Please look again.")
    with pytest.raises(PermissionDenied):
        moderation.do_answer_appeal(world.alice, appeal.pk, "restore")
    with pytest.raises(ActionError):
        moderation.do_answer_appeal(world.lilit, appeal.pk, "maybe")


# --- the record ----------------------------------------------------------------------------------------


def test_the_record_replays_to_the_statuses_in_the_database(world, rude):
    kept = world.statement("aysel", "Personal phone number: 555 0101.")
    returned = world.statement("alice", "Rivers need shared monitoring.")
    moderation.do_flag(world.bashir, kept.pk, "personal_data")
    moderation.do_decide_hold(world.lilit, hold_by_elvin(world, rude).pk, "remove")
    kept_hold = moderation.do_hold(world.lilit, kept.pk, "personal_data", "A phone number")
    moderation.do_decide_hold(world.aynur, kept_hold.pk, "keep")
    moderation.do_decide_hold(world.elvin, hold_by_elvin(world, returned, "off_topic").pk, "return")
    state = replay(entries(world))
    for statement in Statement.objects.filter(dialogue=world.dialogue):
        assert state.statements[statement.pk].status == statement.status
    assert engine_input(state)["moderated_out"] == {str(rude.pk), str(kept.pk)}


def test_a_kept_hold_returns_only_by_the_side_that_held_it(world, rude):
    hold = hold_by_elvin(world, rude)
    moderation.do_decide_hold(world.lilit, hold.pk, "keep")
    with pytest.raises(PermissionDenied):
        moderation.do_decide_hold(world.lilit, hold.pk, "return")
    with pytest.raises(ActionError, match="only be returned"):
        moderation.do_decide_hold(world.lilit, hold.pk, "remove")
    moderation.do_decide_hold(world.elvin, hold.pk, "return")
    assert status_of(rude) == Statement.Status.VISIBLE


# --- a side holds a statement once ---------------------------------------------------------------------


def returned_by_the_other_side(world, statement):
    moderation.do_decide_hold(world.lilit, hold_by_elvin(world, statement).pk, "return")


def returned_after_48_hours(world, statement):
    hold = hold_by_elvin(world, statement)
    Hold.objects.filter(pk=hold.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    do_settle(world.dialogue.pk)


def restored_on_appeal(world, statement):
    moderation.do_decide_hold(world.lilit, hold_by_elvin(world, statement).pk, "remove")
    appeal = moderation.do_appeal(world.bella, statement.pk, "It was about politicians.")
    moderation.do_answer_appeal(world.elvin, appeal.pk, "restore")
    moderation.do_answer_appeal(world.lilit, appeal.pk, "restore")


@pytest.mark.parametrize("came_back", [returned_by_the_other_side, returned_after_48_hours, restored_on_appeal])
def test_a_side_cannot_hold_a_statement_again_once_it_came_back(world, rude, came_back):
    came_back(world, rude)
    assert status_of(rude) == Statement.Status.VISIBLE
    for moderator in ("elvin", "aynur"):
        with pytest.raises(ActionError, match="propose its removal") as again:
            moderation.do_hold(world.members[moderator], rude.pk, "insult", "Still insulting")
        assert again.value.field == "statement"
    assert status_of(rude) == Statement.Status.VISIBLE
    assert Hold.objects.filter(statement=rude).count() == 1


def test_the_other_side_may_still_hold_it_once_and_removal_goes_by_proposal(world, rude):
    returned_by_the_other_side(world, rude)
    hold = moderation.do_hold(world.lilit, rude.pk, "insult", "Insulting after all")
    moderation.do_decide_hold(world.elvin, hold.pk, "return")
    with pytest.raises(ActionError, match="propose its removal"):
        moderation.do_hold(world.gayane, rude.pk, "insult", "Once more")
    propose_and_approve(
        world.elvin, world.gayane, "remove_statement", {"statement": rude.pk, "rule": "insult", "reason": "Insults"}
    )
    assert status_of(rude) == Statement.Status.REMOVED


# --- flags are dismissed per side ----------------------------------------------------------------------


def test_a_side_dismissing_flags_leaves_them_in_the_other_sides_queue(world, rude):
    moderation.do_flag(world.alice, rude.pk, "insult")
    moderation.do_flag(world.bashir, rude.pk, "off_topic")
    assert moderation.do_dismiss_flags(world.lilit, rude.pk) == 2
    entry = last_entry(world, "statement.flags_dismissed")
    assert entry["payload"] == {"statement": rude.pk, "flags": 2, "side": "B"}
    assert entry["actor"]["side"] == "B"
    assert moderation_queries.queue(world.dialogue, world.lilit, "en")["flags"] == []
    assert [f["statement"]["id"] for f in moderation_queries.queue(world.dialogue, world.elvin, "en")["flags"]] == [
        rude.pk
    ]
    with pytest.raises(ActionError, match="no flags"):
        moderation.do_dismiss_flags(world.gayane, rude.pk)
    assert moderation.do_dismiss_flags(world.elvin, rude.pk) == 2
    assert last_entry(world, "statement.flags_dismissed")["payload"]["side"] == "A"
    assert moderation_queries.queue(world.dialogue, world.elvin, "en")["flags"] == []


def test_a_new_flag_after_a_dismissal_shows_again_and_a_hold_handles_the_flags_for_both_sides(world, rude):
    moderation.do_flag(world.alice, rude.pk, "insult")
    moderation.do_dismiss_flags(world.lilit, rude.pk)
    moderation.do_flag(world.bashir, rude.pk, "insult")
    assert moderation_queries.queue(world.dialogue, world.lilit, "en")["flags"][0]["reasons"][0]["count"] == 1
    assert moderation_queries.queue(world.dialogue, world.elvin, "en")["flags"][0]["reasons"][0]["count"] == 2
    hold_by_elvin(world, rude)
    assert all(flag.handled for flag in Flag.objects.filter(statement=rude))
    for moderator in ("lilit", "elvin"):
        assert moderation_queries.queue(world.dialogue, world.members[moderator], "en")["flags"] == []


# --- a flag sent twice at once -------------------------------------------------------------------------


def test_a_flag_sent_twice_at_once_is_refused_clearly_not_with_an_error(world, rude):
    moderation.do_flag(world.alice, rude.pk, "insult")
    before = RecordEntry.objects.count()
    # The second request checked before the first one's flag was written.
    with patch.object(QuerySet, "exists", return_value=False), pytest.raises(ActionError, match="already flagged"):
        moderation.do_flag(world.alice, rude.pk, "other")
    assert Flag.objects.filter(statement=rude).count() == 1
    assert RecordEntry.objects.count() == before
