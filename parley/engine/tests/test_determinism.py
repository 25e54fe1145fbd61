"""The same votes always give the same analysis, byte for byte."""

from __future__ import annotations

import json

import numpy as np

from parley.engine import VoteTable, analyze


def run(conversation, votes=None, sides=None) -> str:
    return analyze(votes or conversation.votes, sides=sides or conversation.sides).to_json(timings=False)


def test_two_runs_give_byte_identical_json(balanced):
    assert run(balanced) == run(balanced)


def test_shuffling_the_input_rows_changes_nothing(balanced):
    votes = balanced.votes
    order = np.random.default_rng(11).permutation(len(votes))
    shuffled = VoteTable(
        participant=votes.participant[order],
        statement=votes.statement[order],
        value=votes.value[order],
        timestamp=votes.timestamp[order],
    )
    assert run(balanced, votes=shuffled) == run(balanced)


def test_string_ids_give_the_same_analysis_as_integer_ids(balanced):
    votes = balanced.votes
    as_text = VoteTable(
        participant=votes.participant.astype(str),
        statement=votes.statement.astype(str),
        value=votes.value,
        timestamp=votes.timestamp,
    )
    assert run(balanced, votes=as_text) == run(balanced)


def test_swapping_the_side_labels_swaps_the_per_side_figures_and_nothing_else(balanced):
    swap = {"A": "B", "B": "A"}
    original = json.loads(run(balanced))
    mirrored = json.loads(run(balanced, sides={p: swap[s] for p, s in balanced.sides.items()}))
    for participant in mirrored["participants"]:
        participant["side"] = swap[participant["side"]]
    for statement in mirrored["statements"]:
        statement["per_side"] = {swap[k]: v for k, v in statement["per_side"].items()}
    meta = mirrored["meta"]
    meta["input"]["sides"] = {swap[k]: v for k, v in meta["input"]["sides"].items()}
    meta["bridging"]["mean_factor_by_side"] = {swap[k]: v for k, v in meta["bridging"]["mean_factor_by_side"].items()}
    meta["within_sides"] = {swap[k]: v for k, v in meta["within_sides"].items()}
    assert json.dumps(mirrored, sort_keys=True) == json.dumps(original, sort_keys=True)
