"""The vote matrix is built from integer codes: the same matrix as from the ids themselves, in one vectorised pass."""

from __future__ import annotations

import numpy as np
import pytest

from parley.engine import EngineInputError, VoteTable
from parley.engine.matrix import VoteMatrix
from parley.engine.synthetic import two_sided
from parley.engine.table import EncodedIds


def encode(ids: np.ndarray, seed: int) -> EncodedIds:
    """Encode IDS with their distinct ids in a shuffled order, as a reader meets them."""
    labels, codes = np.unique(ids.astype(str), return_inverse=True)
    shuffle = np.random.default_rng(seed).permutation(len(labels))
    position = np.empty_like(shuffle)
    position[shuffle] = np.arange(len(labels))
    return EncodedIds(labels[shuffle], position[codes].astype(np.int32))


def same_matrix(a: VoteMatrix, b: VoteMatrix) -> bool:
    return (
        a.participants == b.participants
        and a.statements == b.statements
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.cols, b.cols)
        and np.array_equal(a.values, b.values)
        and (a.arrival is None) == (b.arrival is None)
        and (a.arrival is None or b.arrival is None or np.array_equal(a.arrival, b.arrival))
    )


def test_codes_give_the_matrix_the_ids_give_re_votes_included():
    votes = two_sided(400, 50, 9_000, revote_rate=0.1, seed=2).votes
    as_text = VoteTable(votes.participant.astype(str), votes.statement.astype(str), votes.value, votes.timestamp)
    coded = VoteTable(encode(votes.participant, 1), encode(votes.statement, 2), votes.value, votes.timestamp)
    expected = VoteMatrix.from_table(as_text, statements=["7", "999"])
    assert same_matrix(VoteMatrix.from_table(coded, statements=["7", "999"]), expected)
    assert expected.n_votes == 9_000 and "999" in expected.statements


def test_the_latest_of_several_votes_on_a_cell_counts_whatever_its_row():
    participant = EncodedIds(np.array(["aram", "aysel"]), np.array([1, 1, 0, 1], dtype=np.int32))
    statement = EncodedIds(np.array(["s1"]), np.zeros(4, dtype=np.int32))
    votes = VoteTable(participant, statement, np.array([1, -1, 0, 0]), np.array([30.0, 10.0, 5.0, 20.0]))
    matrix = VoteMatrix.from_table(votes)
    assert matrix.participants == ["aram", "aysel"]
    assert matrix.values.tolist() == [0, 1]
    assert matrix.arrival is not None and matrix.arrival.tolist() == [5.0, 30.0]


def test_encoded_decimal_ids_sort_as_numbers_and_unused_ids_are_no_participants():
    participant = EncodedIds(np.array(["10", "9", "11"]), np.array([0, 1, 0], dtype=np.int32))
    statement = EncodedIds(np.array(["2", "10"]), np.array([1, 0, 0], dtype=np.int32))
    matrix = VoteMatrix.from_table(VoteTable(participant, statement, np.array([1, 1, -1])))
    assert matrix.participants == ["9", "10"]
    assert matrix.statements == ["2", "10"]


@pytest.mark.parametrize(
    ("labels", "codes", "problem"),
    [
        (["a", "a"], [0, 1], "distinct"),
        (["a"], [0, 1], "past the labels"),
        (["a"], [-1], "past the labels"),
        (["a"], [0.5], "integers"),
    ],
)
def test_malformed_codes_are_refused(labels, codes, problem):
    with pytest.raises(EngineInputError, match=problem):
        EncodedIds(np.array(labels), np.array(codes))
