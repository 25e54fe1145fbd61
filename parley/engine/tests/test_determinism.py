"""The same votes always give the same analysis, byte for byte."""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest

from parley.engine import VoteTable, analyze
from parley.engine.bridging import BridgingALS
from parley.engine.synthetic import two_sided


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
        if statement["evidence"] is not None:
            for key in ("per_side", "needs"):
                statement["evidence"][key] = {swap[k]: v for k, v in statement["evidence"][key].items()}
    mirrored["evidence"]["needs"] = {swap[k]: v for k, v in mirrored["evidence"]["needs"].items()}
    meta = mirrored["meta"]
    meta["input"]["sides"] = {swap[k]: v for k, v in meta["input"]["sides"].items()}
    meta["bridging"]["mean_factor_by_side"] = {swap[k]: v for k, v in meta["bridging"]["mean_factor_by_side"].items()}
    meta["within_sides"] = {swap[k]: v for k, v in meta["within_sides"].items()}
    assert json.dumps(mirrored, sort_keys=True) == json.dumps(original, sort_keys=True)


def test_the_number_of_worker_threads_changes_nothing():
    # Large enough for Lanczos, fitted base clusters and a multi-sweep bridging fit.
    conversation = two_sided(3_000, 120, 60_000, revote_rate=0.05, seed=8)
    by_workers = {
        n: analyze(conversation.votes, sides=conversation.sides, workers=n).to_json(timings=False) for n in (1, 2, 4)
    }
    assert by_workers[1] == by_workers[2] == by_workers[4]


def test_progress_is_reported_in_order_from_the_calling_thread(balanced):
    calls = []
    analyze(
        balanced.votes,
        sides=balanced.sides,
        workers=2,
        progress=lambda stage, fraction: calls.append((stage, fraction, threading.get_ident())),
    )
    assert {ident for _, _, ident in calls} == {threading.get_ident()}
    fractions = [fraction for _, fraction, _ in calls]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert [stage for stage, _, _ in calls][-1] == "done"


def test_an_error_in_one_stage_reaches_the_caller(balanced):
    class Failing(BridgingALS):
        def fit(self, X, columns=None, init=None):
            raise RuntimeError("bridging failed")

    with pytest.raises(RuntimeError, match="bridging failed"):
        analyze(balanced.votes, sides=balanced.sides, bridging=Failing(), workers=2)


def test_workers_must_be_a_positive_integer(balanced):
    with pytest.raises(ValueError, match="workers"):
        analyze(balanced.votes, workers=0)
