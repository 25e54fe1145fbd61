"""A batch's totals change by no more than its votes can change them; an analysis counts every side and statement."""

from __future__ import annotations

import pytest

from parley.record.replay import ReplayError, replay
from parley.record.tally import Batch, TallyError, check_analysis_totals, check_follows
from parley.record.tests.test_tally import C1, C2, batch, record

MEMBERS = {"A": 5, "B": 5}


def sealed(number: int, totals: dict, sides: dict, *, joint: int | None = None) -> Batch:
    commitments = tuple(f"{i:064x}" for i in range(sum(c["votes"] for c in sides.values())))
    return Batch(10 + number, "", number, sides, totals, commitments, joint)


def test_a_side_listed_with_no_voters_or_votes_is_refused_naming_the_entry():
    payload = batch(1, {}, sides={"A": {"voters": 2, "votes": 2}, "B": {"voters": 0, "votes": 0}})
    with pytest.raises(ReplayError, match="side 'B': a side the batch covers has at least one voter") as caught:
        replay(record(payload))
    assert caught.value.seq == 6


def test_a_batch_whose_counts_moved_more_than_its_votes_stops_the_replay_naming_its_entry():
    first = batch(1, {"1": {"A": [1, 0, 0]}}, sides={"A": {"voters": 1, "votes": 1}}, commitments=[C1])
    # One vote cannot both change the first voter's agree and add a second voter's disagree.
    forged = batch(2, {"1": {"A": [0, 2, 0]}}, sides={"A": {"voters": 1, "votes": 1}}, commitments=[C2])
    with pytest.raises(ReplayError, match="side A: batch 2 holds 1 votes, but its counts rose by 2") as caught:
        replay(record(first, forged))
    assert caught.value.seq == 7
    # A changed vote (agree to disagree) in a batch of one vote replays.
    changed = batch(2, {"1": {"A": [0, 1, 0]}}, sides={"A": {"voters": 1, "votes": 1}}, commitments=[C2])
    assert replay(record(first, changed)).batches[-1].totals == {"1": {"A": [0, 1, 0]}}


def test_growth_beyond_the_votes_is_refused():
    before = sealed(1, {"1": {"A": [1, 0, 0]}}, {"A": {"voters": 1, "votes": 1}})
    after = sealed(2, {"1": {"A": [3, 1, 0]}}, {"A": {"voters": 2, "votes": 2}})
    with pytest.raises(TallyError, match="side A: batch 2 holds 2 votes, but its totals grew by 3 voters"):
        check_follows(before, after, MEMBERS)


def test_more_statements_changed_than_votes_is_refused():
    before = sealed(1, {"1": {"A": [1, 0, 0]}, "2": {"A": [1, 0, 0]}}, {"A": {"voters": 1, "votes": 2}})
    after = sealed(2, {"1": {"A": [0, 1, 0]}, "2": {"A": [0, 0, 1]}}, {"A": {"voters": 1, "votes": 1}})
    with pytest.raises(TallyError, match="side A: batch 2 holds 1 votes, but the counts of 2 statements changed"):
        check_follows(before, after, MEMBERS)


def test_counts_moved_by_more_than_the_votes_are_refused():
    # Totals unchanged and one statement changed, but two voters moved: two votes, not one.
    before = sealed(1, {"1": {"A": [2, 0, 0]}}, {"A": {"voters": 2, "votes": 2}})
    after = sealed(2, {"1": {"A": [0, 1, 1]}}, {"A": {"voters": 1, "votes": 1}})
    with pytest.raises(TallyError, match="side A: batch 2 holds 1 votes, but its counts rose by 2 in all"):
        check_follows(before, after, MEMBERS)


def test_a_side_the_batch_does_not_cover_keeps_even_totals_it_did_not_have():
    before = sealed(1, {"1": {"A": [1, 0, 0]}}, {"A": {"voters": 1, "votes": 1}})
    after = sealed(2, {"1": {"A": [1, 0, 0], "B": [1, 0, 0]}, "2": {"A": [1, 0, 0]}}, {"A": {"voters": 1, "votes": 1}})
    with pytest.raises(TallyError, match="totals of statement 1, side B: changed with no votes of that side"):
        check_follows(before, after, MEMBERS)


def test_a_changed_vote_and_new_voters_within_the_votes_follow():
    before = sealed(1, {"1": {"A": [2, 0, 0]}}, {"A": {"voters": 2, "votes": 2}})
    # One voter changed agree to disagree, a new one passed, and one voted twice on statement 2.
    after = sealed(2, {"1": {"A": [1, 1, 1]}, "2": {"A": [0, 1, 0]}}, {"A": {"voters": 2, "votes": 4}})
    check_follows(before, after, MEMBERS)


def test_the_first_batch_is_bounded_by_a_baseline_when_one_is_given():
    first = sealed(1, {"1": {"A": [3, 0, 0]}}, {"A": {"voters": 1, "votes": 1}})
    check_follows(None, first, MEMBERS)  # votes public one by one before may be in it
    check_follows(None, first, MEMBERS, baseline={"1": {"A": [2, 0, 0]}})
    with pytest.raises(TallyError, match="its totals grew by 3 voters"):
        check_follows(None, first, MEMBERS, baseline={})


def test_joint_batches_are_bounded_the_same_way_per_clause():
    before = sealed(1, {"": {"A": [1, 0]}}, {"A": {"voters": 1, "votes": 1}}, joint=4)
    check_follows(
        before, sealed(2, {"": {"A": [1, 1]}, "2": {"A": [1, 0]}}, {"A": {"voters": 1, "votes": 2}}, joint=4), MEMBERS
    )
    forged = sealed(2, {"": {"A": [1, 0]}, "2": {"A": [2, 0]}}, {"A": {"voters": 1, "votes": 1}}, joint=4)
    with pytest.raises(TallyError, match="side A: batch 2 holds 1 votes, but its totals grew by 2"):
        check_follows(before, forged, MEMBERS)
    moved = sealed(
        2, {"": {"A": [0, 1]}, "2": {"A": [1, 0]}, "3": {"A": [1, 0]}}, {"A": {"voters": 1, "votes": 2}}, joint=4
    )
    with pytest.raises(TallyError, match="the counts of 3 clauses changed"):
        check_follows(before, moved, MEMBERS)


# --- analyses -----------------------------------------------------------------------------------

TOTALS = {"1": {"A": [2, 1, 0], "B": [0, 1, 1]}, "2": {"A": [1, 0, 0]}}


def counted(totals: dict = TOTALS) -> Batch:
    return sealed(3, totals, {"A": {"voters": 3, "votes": 4}})


def row(ident: str, per_side: dict, n: tuple[int, int, int]) -> dict:
    sides = {label: dict(zip(("agree", "disagree", "pass"), counts, strict=True)) for label, counts in per_side.items()}
    return {"id": ident, "n_agree": n[0], "n_disagree": n[1], "n_pass": n[2], "per_side": sides}


def honest() -> dict:
    return {
        "meta": {"input": {"statements": 3, "moderated_out": 0}},
        "statements": [
            row("1", {"A": [2, 1, 0], "B": [0, 1, 1]}, (2, 2, 1)),
            row("2", {"A": [1, 0, 0], "B": [0, 0, 0]}, (1, 0, 0)),
            row("3", {"A": [0, 0, 0], "B": [0, 0, 0]}, (0, 0, 0)),
        ],
    }


def test_an_honest_analysis_of_the_batch_passes():
    check_analysis_totals(honest(), counted())


def test_a_moderated_statement_may_be_left_out_as_the_analysis_says():
    analysis = honest()
    del analysis["statements"][1]
    analysis["meta"]["input"]["moderated_out"] = 1
    check_analysis_totals(analysis, counted())


def forged(change) -> dict:  # type: ignore[no-untyped-def]
    analysis = honest()
    change(analysis)
    return analysis


@pytest.mark.parametrize(
    ("analysis", "problem"),
    [
        (forged(lambda a: a["statements"][0].update(per_side={})), "statement 1, side A: missing from the analysis"),
        (forged(lambda a: a["statements"][0]["per_side"].pop("B")), "statement 1, side B: missing from the analysis"),
        (forged(lambda a: a["statements"][0].update(n_agree=7)), "statement 1: the analysis counts n_agree = 7"),
        (forged(lambda a: a["statements"][1].update(n_pass=1)), "statement 2: the analysis counts n_pass = 1"),
        (forged(lambda a: a["statements"].pop(1)), "statements 2: batch 3 counts votes on 1 statements the analysis"),
        (forged(lambda a: a.update(statements=[])), "statements 1, 2: batch 3 counts votes on 2 statements"),
        (forged(lambda a: a["statements"][0].pop("per_side")), "statement 1: the analysis gives no counts per side"),
        (forged(lambda a: a["statements"].append(a["statements"][0])), "statement 4 of the analysis has no id"),
        (
            forged(lambda a: a["statements"][2]["per_side"].update(B=[1])),
            "statement 3, side B: the analysis counts None",
        ),
        (forged(lambda a: a.update(statements={})), "no list of statements"),
    ],
)
def test_a_forged_analysis_is_refused_naming_the_statement(analysis, problem):
    with pytest.raises(TallyError, match=problem):
        check_analysis_totals(analysis, counted())
