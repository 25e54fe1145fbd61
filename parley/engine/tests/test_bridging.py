"""The bridging factorisation finds the divide and the statements that cross it."""

from __future__ import annotations

import numpy as np

from parley.engine import analyze
from parley.engine.bridging import BridgingALS
from parley.engine.matrix import VoteMatrix
from parley.engine.synthetic import PLANTED_BRIDGING, planted


def test_its_polarity_axis_follows_the_declared_sides(balanced):
    result = analyze(balanced.votes, sides=balanced.sides)
    correlation = result.bridging.side_correlation
    assert correlation is not None and correlation > 0.8
    assert result.bridging.converged


def test_statements_both_sides_like_get_the_highest_bridging_intercepts(balanced):
    result = analyze(balanced.votes, sides=balanced.sides)
    intercepts = result.bridging.statement_intercepts
    kinds = np.array([balanced.kinds[s] for s in result.statements])
    assert intercepts[kinds == "common"].min() > intercepts[kinds == "divisive"].max()


def test_divisive_statements_sit_far_out_on_the_polarity_axis(balanced):
    result = analyze(balanced.votes, sides=balanced.sides)
    factors = np.abs(result.bridging.statement_factors)
    kinds = np.array([balanced.kinds[s] for s in result.statements])
    assert factors[kinds == "divisive"].min() > factors[kinds == "common"].max()


def test_alternating_least_squares_reaches_the_minimum_from_any_start(balanced):
    matrix = VoteMatrix.from_table(balanced.votes)
    losses = [BridgingALS(tol=1e-12, random_state=seed).fit(matrix).loss_ for seed in range(3)]
    assert max(losses) - min(losses) < 1e-9


def test_nudging_the_solution_only_raises_the_loss(balanced):
    matrix = VoteMatrix.from_table(balanced.votes)
    model = BridgingALS(tol=1e-12).fit(matrix)
    rows, cols = matrix.rows, matrix.cols
    ratings = (matrix.values + 1.0) / 2.0
    best = model.objective(rows, cols, ratings)
    rng = np.random.default_rng(0)
    for attribute in ("participant_factors_", "statement_intercepts_", "statement_factors_"):
        saved = getattr(model, attribute).copy()
        setattr(model, attribute, saved + rng.normal(0, 1e-3, saved.shape))
        assert model.objective(rows, cols, ratings) > best
        setattr(model, attribute, saved)


def test_the_bridging_list_finds_what_every_group_of_both_sides_supports_when_one_side_has_five_times_the_votes():
    conversation = planted(1200, ratio=5.0, seed=0)
    result = analyze(conversation.votes, sides=conversation.sides)
    kinds = [conversation.kinds[s] for s in result.statements]
    top = result.top_bridging(10)
    assert sum(kinds[c] in PLANTED_BRIDGING for c in top) >= 8
    # The intercept alone is fooled by turnout: the larger side's favourites come first.
    by_intercept = np.argsort(-result.bridging.statement_intercepts, kind="stable")[:10]
    assert sum(kinds[c] in PLANTED_BRIDGING for c in by_intercept) < 5
    assert not set(result.top_bridging(None)) & set(result.top_divides(None))


def test_a_statement_one_within_side_group_rejects_is_not_bridging():
    conversation = planted(600, ratio=1.0, seed=4)
    result = analyze(conversation.votes, sides=conversation.sides)
    listed = {conversation.kinds[result.statements[c]] for c in result.top_bridging(None)}
    assert "camp_split" not in listed and "divide" not in listed and "rejected" not in listed
