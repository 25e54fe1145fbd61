"""Common ground weighs each side equally, so a larger side cannot pass its views off as shared."""

from __future__ import annotations

import numpy as np

from parley.engine import analyze


def precision_at_k(ranking: list[str], truth: set[str]) -> float:
    top = ranking[: len(truth)]
    return len(set(top) & truth) / len(truth)


def test_statements_both_sides_agree_with_outrank_those_only_the_larger_side_likes(lopsided):
    sides = lopsided.sides
    assert sum(s == "A" for s in sides.values()) == 3 * sum(s == "B" for s in sides.values())
    result = analyze(lopsided.votes, sides=sides)
    common = {s for s, kind in lopsided.kinds.items() if kind == "common"}
    ranking = [result.statements[c] for c in result.top_common_ground(None)]
    assert set(ranking) <= common
    assert len(ranking) >= 0.8 * len(common)


def test_plain_agreement_rates_would_have_been_fooled_by_turnout(lopsided):
    result = analyze(lopsided.votes, sides=lopsided.sides)
    common = {s for s, kind in lopsided.kinds.items() if kind == "common"}
    rate = result.agree / np.maximum(result.seen, 1)
    naive = [result.statements[c] for c in np.argsort(-rate, kind="stable")]
    assert precision_at_k(naive, common) < 0.8


def test_divides_rank_the_statements_the_sides_split_on_first(lopsided):
    result = analyze(lopsided.votes, sides=lopsided.sides)
    split = {s for s, kind in lopsided.kinds.items() if kind != "common" and kind != "rejected"}
    top = [result.statements[c] for c in result.top_divides(10)]
    assert set(top) <= split
