"""Paper ballots are counted apart from online votes; the trend counts common ground at each meeting's end."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from parley.dialogues import actions as dialogue_actions
from parley.dialogues import queries as dialogue_queries
from parley.dialogues import tallies
from parley.dialogues.models import Dialogue, Vote, VoteHistory
from parley.errors import ActionError, NotAllowed
from parley.meetings import actions, queries
from parley.meetings.models import Meeting, PaperTally
from parley.meetings.tests.meeting_setup import entries, schedule, with_statements
from parley.testing.personas import build_world

pytestmark = pytest.mark.django_db

BALLOTS = {"agree": 12, "disagree": 3, "pass": 1}


def test_a_moderator_enters_their_own_sides_paper_ballots_and_the_record_has_the_counts(world):
    meeting, made = with_statements(world)
    actions.do_enter_paper_votes(world.elvin, meeting.pk, made[1].pk, BALLOTS)
    actions.do_enter_paper_votes(world.lilit, meeting.pk, made[1].pk, {"agree": 7, "disagree": 7})
    tallies = {t.side.label: (t.agree, t.disagree, t.passes) for t in PaperTally.objects.filter(meeting=meeting)}
    assert tallies == {"A": (12, 3, 1), "B": (7, 7, 0)}
    payloads = [e["payload"] for e in entries(world, "meeting.paper_votes")]
    assert [(p["side"], p["agree"], p["disagree"], p["pass"]) for p in payloads] == [("A", 12, 3, 1), ("B", 7, 7, 0)]


def test_a_moderator_of_side_a_cannot_enter_side_bs_paper_ballots(world):
    meeting, made = with_statements(world)
    with pytest.raises(NotAllowed, match="your own side"):
        actions.do_enter_paper_votes(world.elvin, meeting.pk, made[0].pk, BALLOTS, side="B")
    with pytest.raises(NotAllowed, match="moderators"):
        actions.do_enter_paper_votes(world.alice, meeting.pk, made[0].pk, BALLOTS)
    assert not PaperTally.objects.exists() and entries(world, "meeting.paper_votes") == []


def test_paper_ballots_that_are_not_whole_numbers_are_refused(world):
    meeting, made = with_statements(world)
    with pytest.raises(ActionError, match="whole number"):
        actions.do_enter_paper_votes(world.lilit, meeting.pk, made[0].pk, {"agree": "many"})
    with pytest.raises(ActionError, match="at least one"):
        actions.do_enter_paper_votes(world.lilit, meeting.pk, made[0].pk, {})
    assert not PaperTally.objects.exists()


def test_paper_ballots_stay_apart_from_online_votes_everywhere(world):
    meeting, made = with_statements(world)
    dialogue_actions.do_cast_vote(world.bella, made[0].pk, 1)
    before_votes, before_history = Vote.objects.count(), VoteHistory.objects.count()
    before_results = dialogue_queries.per_side_counts(world.dialogue)[made[0].pk][world.side_b.pk]
    actions.do_enter_paper_votes(world.lilit, meeting.pk, made[0].pk, BALLOTS)
    assert (Vote.objects.count(), VoteHistory.objects.count()) == (before_votes, before_history)
    assert dialogue_queries.per_side_counts(world.dialogue)[made[0].pk][world.side_b.pk] == before_results
    result = next(
        r
        for r in queries.meeting_detail(world.dialogue, meeting, None, "en")["results"]
        if r["statement"]["id"] == made[0].pk
    )
    online_b = next(row for row in result["online"] if row["side"] == "B")
    paper_b = next(row for row in result["paper"] if row["side"] == "B")
    assert (online_b["agree"], online_b["disagree"], online_b["pass"]) == (1, 0, 0)
    assert paper_b["counts"] == {"agree": 12, "disagree": 3, "pass": 1}
    page = world.client("alice").get(f"/d/{world.dialogue.slug}/meetings/{meeting.pk}/").content.decode()
    assert "Paper ballots" in page and "12 agree, 3 disagree, 1 pass" in page


def _end_at(meeting: Meeting, moment) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(ended_at=moment)
    meeting.refresh_from_db()


def test_the_trend_counts_statements_with_a_majority_of_both_sides_from_votes_cast_up_to_each_meetings_end(world):
    first, second = schedule(world), schedule(world, place="Yerevan")
    made = [world.statement("alice", "One."), world.statement("bella", "Two."), world.statement("aysel", "Three.")]
    # Authors agree with their own statement. By the first meeting's end: "One" has A 1 agree, B 1 agree
    # (bella); "Two" has B 1 agree, A 1 disagree (alice); "Three" only side A's votes.
    dialogue_actions.do_cast_vote(world.bella, made[0].pk, 1)
    dialogue_actions.do_cast_vote(world.alice, made[1].pk, -1)
    _end_at(first, timezone.now())
    later = timezone.now() + timedelta(seconds=1)
    # Then alice changes her mind on "Two" and bashir agrees with "Three": both become common ground,
    # but only after the first meeting ended.
    for member, statement, value in [(world.alice, made[1], 1), (world.bashir, made[2], 1)]:
        dialogue_actions.do_cast_vote(member, statement.pk, value)
    VoteHistory.objects.filter(cast_at__gt=first.ended_at).update(cast_at=later)
    _end_at(second, later + timedelta(seconds=1))
    points = queries.meeting_list(world.dialogue, "en")["trend"]
    assert [(p["voted"], p["common"], p["share"]) for p in points] == [(2, 1, 50), (3, 3, 100)]


def test_where_only_totals_are_public_the_meetings_count_only_sealed_batches_never_a_vote_waiting_for_one(db):
    world = build_world("quiet-talks", vote_visibility=Dialogue.VoteVisibility.AGGREGATE)
    meeting, made = with_statements(world)
    actions.do_set_spotlight(world.aynur, meeting.pk, made[0].pk)
    dialogue_actions.do_cast_vote(world.bashir, made[0].pk, -1)
    live = world.client("lilit").get(f"/d/quiet-talks/meetings/{meeting.pk}/projector/live/").content.decode()
    assert "1 disagree" not in live  # bashir's vote waits for a batch: the room must not tell it apart
    with transaction.atomic():
        tallies.do_seal_batch(world.dialogue.pk, final=True)
    live = world.client("lilit").get(f"/d/quiet-talks/meetings/{meeting.pk}/projector/live/").content.decode()
    assert "1 disagree" in live
