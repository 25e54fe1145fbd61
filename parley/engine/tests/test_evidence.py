"""Common ground and divides need evidence from every side, and the weaker side ranks them."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.engine import analyze
from parley.engine.evidence import COMMON_GROUND, DIVIDE, TOO_EARLY, EvidenceRule, judge
from parley.engine.synthetic import two_sided

RULE = EvidenceRule()
MIN = RULE.min_votes_per_side


def verdicts(agree: list[list[int]], seen: list[list[int]], rule: EvidenceRule = RULE) -> list[str]:
    evidence = judge(["A", "B"], np.array(agree), np.array(seen), rule)
    return [evidence.verdict_name(c) for c in range(len(agree[0]))]


def test_a_statement_nobody_on_one_side_voted_on_is_too_early_however_much_the_other_side_agrees():
    assert verdicts([[500], [0]], [[500], [0]]) == ["too_early"]


def test_one_vote_short_of_the_minimum_is_too_early_and_exactly_the_minimum_is_judged():
    assert verdicts([[MIN - 1], [MIN]], [[MIN - 1], [MIN]]) == ["too_early"]
    assert verdicts([[MIN], [MIN]], [[MIN], [MIN]]) == ["common_ground"]


def test_common_ground_needs_every_sides_lower_bound_to_clear_the_threshold():
    evidence = judge(["A", "B"], np.array([[900, 40], [60, 27]]), np.array([[1000, 50], [100, 50]]))
    # B agrees 60% of 100 and 54% of 50: its lower bound decides, not A's 90%.
    assert evidence.weaker_lower[0] == pytest.approx(evidence.low[1, 0])
    assert evidence.low[1, 0] > RULE.common_ground_lower > evidence.low[1, 1]
    assert [evidence.verdict_name(c) for c in range(2)] == ["common_ground", "neither"]


def test_the_threshold_edges_fall_where_the_rule_says():
    evidence = judge(["A", "B"], np.array([[60], [60]]), np.array([[100], [100]]))
    lower = float(evidence.weaker_lower[0])
    at = EvidenceRule(common_ground_lower=round(lower, 12))
    assert verdicts([[60], [60]], [[100], [100]], EvidenceRule(common_ground_lower=lower - 1e-6)) == ["common_ground"]
    assert verdicts([[60], [60]], [[100], [100]], at) == ["common_ground"]
    assert verdicts([[60], [60]], [[100], [100]], EvidenceRule(common_ground_lower=lower + 1e-6)) == ["neither"]
    gap = float(judge(["A", "B"], np.array([[90], [20]]), np.array([[100], [100]])).gap_lower[0])
    assert verdicts([[90], [20]], [[100], [100]], EvidenceRule(divide_gap_lower=gap - 1e-6)) == ["divide"]
    assert verdicts([[90], [20]], [[100], [100]], EvidenceRule(divide_gap_lower=gap + 1e-6)) == ["neither"]


def test_a_wide_gap_on_few_votes_is_not_yet_a_divide():
    assert verdicts([[MIN], [0]], [[MIN], [MIN]]) == ["divide"]
    assert verdicts([[MIN - 1], [0]], [[MIN - 1], [MIN - 1]]) == ["too_early"]
    assert verdicts([[7], [3]], [[MIN], [MIN]]) == ["neither"]


def test_needs_counts_the_votes_each_side_still_lacks():
    evidence = judge(["A", "B"], np.array([[3, 40], [0, 2]]), np.array([[4, 50], [0, MIN + 5]]))
    assert evidence.needs.tolist() == [[MIN - 4, 0], [MIN, 0]]
    assert evidence.fewest_needed() == {"A": MIN - 4, "B": MIN}
    assert evidence.fewest_needed(np.array([False, True])) == {"A": 0, "B": 0}
    assert evidence.too_early() == 1


def test_the_votes_needed_are_those_of_the_statement_closest_to_being_judged():
    # Statement 0 has enough of A's votes, statement 1 enough of B's: neither can be judged yet,
    # and the second is closer (2 more from A) than the first (5 more from B).
    seen = np.array([[MIN, MIN - 2], [MIN - 5, MIN]])
    evidence = judge(["A", "B"], seen // 2, seen)
    assert evidence.too_early() == 2
    assert evidence.fewest_needed() == {"A": 2, "B": 0}


def test_the_rule_refuses_nonsense_thresholds():
    with pytest.raises(ValueError, match="min_votes_per_side"):
        EvidenceRule(min_votes_per_side=0)
    with pytest.raises(ValueError, match="credibility"):
        EvidenceRule(credibility=1.0)
    with pytest.raises(ValueError, match="prior"):
        EvidenceRule(prior=(0.0, 1.0))


counts = st.integers(min_value=0, max_value=60)


@st.composite
def side_counts(draw):
    n_sides = draw(st.integers(min_value=1, max_value=3))
    n_statements = draw(st.integers(min_value=1, max_value=8))
    seen = np.array(draw(st.lists(counts, min_size=n_sides * n_statements, max_size=n_sides * n_statements)))
    seen = seen.reshape(n_sides, n_statements)
    share = np.array(draw(st.lists(st.floats(0, 1), min_size=seen.size, max_size=seen.size))).reshape(seen.shape)
    agree = np.floor(share * seen).astype(np.int64)
    rule = EvidenceRule(
        common_ground_lower=draw(st.floats(0, 1)),
        divide_gap_lower=draw(st.floats(0, 1)),
        min_votes_per_side=draw(st.integers(1, 30)),
    )
    return [f"S{i}" for i in range(n_sides)], agree, seen, rule


@settings(max_examples=300, deadline=None)
@given(side_counts())
def test_no_statement_is_both_common_ground_and_a_divide_and_none_is_judged_on_too_few_votes(case):
    names, agree, seen, rule = case
    evidence = judge(names, agree, seen, rule)
    common, divides = set(evidence.common_ground()), set(evidence.divides())
    assert not common & divides
    short = (seen < rule.min_votes_per_side).any(axis=0)
    for c in np.flatnonzero(short):
        assert c not in common and c not in divides
        assert evidence.verdict[c] == TOO_EARLY
    assert ((evidence.verdict == COMMON_GROUND) <= (evidence.weaker_lower >= rule.common_ground_lower - 1e-9)).all()
    assert ((evidence.verdict == DIVIDE) <= (evidence.gap_lower >= rule.divide_gap_lower - 1e-9)).all()
    assert (evidence.low <= evidence.high).all()
    assert (evidence.gap_lower >= 0).all()


def test_a_statement_one_side_loves_and_the_other_merely_likes_loses_to_a_real_consensus():
    # Side A has five times B's votes: A loves statement 0 (97%), B merely likes it (62%);
    # both sides agree 75% with statement 1.
    evidence = judge(["A", "B"], np.array([[485, 375], [62, 75]]), np.array([[500, 500], [100, 100]]))
    product = (evidence.agree_share).prod(axis=0)
    assert product[0] > product[1]  # what the old ranking (the product of the sides) put first
    assert evidence.common_ground() == [1, 0]


def test_the_analysis_ranks_common_ground_by_the_weaker_side_at_five_to_one_turnout():
    mix = {"common": 0.2, "larger_only": 0.4, "divisive": 0.2, "rejected": 0.2}
    conversation = two_sided(1200, 50, 30_000, ratio=5.0, mix=mix, seed=11)
    result = analyze(conversation.votes, sides=conversation.sides)
    kinds = [conversation.kinds[s] for s in result.statements]
    top = result.top_common_ground(None)
    assert top and all(kinds[c] == "common" for c in top)
    assert all(kinds[c] != "common" for c in result.top_divides(None))


def test_the_json_carries_each_statements_verdict_and_the_rule(lopsided):
    data = analyze(lopsided.votes, sides=lopsided.sides).to_dict(timings=False)
    summary = data["evidence"]
    assert set(summary) == {"rule", "common_ground", "divides", "bridging", "too_early", "needs"}
    assert set(summary["rule"]) == {
        "prior",
        "credibility",
        "common_ground_lower",
        "divide_gap_lower",
        "min_votes_per_side",
        "text",
    }
    assert summary["rule"]["prior"] == [1, 1] and summary["rule"]["credibility"] == 0.9
    assert f"at least {MIN} votes" in summary["rule"]["text"]
    assert set(summary["needs"]) == {"A", "B"}
    by_id = {s["id"]: s["evidence"] for s in data["statements"]}
    first = by_id[summary["common_ground"][0]]
    assert set(first) == {"verdict", "weaker_lower", "gap_lower", "needs", "per_side"}
    assert set(first["per_side"]["A"]) == {"n", "agree", "low", "high"}
    assert first["verdict"] == "common_ground" and first["needs"] == {"A": 0, "B": 0}
    assert not set(summary["common_ground"]) & set(summary["divides"])
    assert not set(summary["bridging"]) & set(summary["divides"])
    lowers = [by_id[s]["weaker_lower"] for s in summary["common_ground"]]
    assert lowers == sorted(lowers, reverse=True)
    verdicts = [e["verdict"] for e in by_id.values()]
    assert summary["too_early"] == verdicts.count("too_early")
    assert verdicts.count("common_ground") == len(summary["common_ground"])


def test_without_sides_there_is_no_evidence(balanced):
    data = analyze(balanced.votes).to_dict(timings=False)
    assert data["evidence"] is None
    assert all(s["evidence"] is None for s in data["statements"])
