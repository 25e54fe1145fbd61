"""Votes become a matrix of each participant's latest vote."""

from __future__ import annotations

import numpy as np
import pytest

from parley.engine import EngineInputError, VoteTable
from parley.engine.matrix import VoteMatrix


def cell(matrix: VoteMatrix, participant: str, statement: str) -> int | None:
    row = matrix.participants.index(participant)
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    cols = matrix.cols[start:end].tolist()
    column = matrix.statements.index(statement)
    return int(matrix.values[start + cols.index(column)]) if column in cols else None


def test_the_latest_vote_wins_whatever_the_row_order():
    votes = VoteTable.from_records([("aysel", "s1", 1, 30.0), ("aysel", "s1", -1, 10.0), ("aram", "s1", 0, 5.0)])
    matrix = VoteMatrix.from_table(votes)
    assert cell(matrix, "aysel", "s1") == 1
    assert cell(matrix, "aram", "s1") == 0


def test_without_timestamps_the_later_row_wins():
    votes = VoteTable.from_records([("aysel", "s1", 1), ("aysel", "s1", -1)])
    assert cell(VoteMatrix.from_table(votes), "aysel", "s1") == -1


def test_numeric_ids_sort_as_numbers_and_others_as_text():
    numeric = VoteMatrix.from_table(VoteTable.from_records([("10", "2", 1), ("9", "10", 1)]))
    assert numeric.participants == ["9", "10"] and numeric.statements == ["2", "10"]
    text = VoteMatrix.from_table(VoteTable.from_records([("b", "x", 1), ("a10", "x", 1), ("a9", "x", 0)]))
    assert text.participants == ["a10", "a9", "b"]


def test_a_pass_is_a_vote_and_a_missing_vote_is_not():
    matrix = VoteMatrix.from_table(VoteTable.from_records([("aysel", "s1", 0), ("aram", "s2", 1)]))
    assert cell(matrix, "aysel", "s1") == 0
    assert cell(matrix, "aysel", "s2") is None
    assert matrix.votes_per_participant().tolist() == [1, 1]


@pytest.mark.parametrize(
    "records",
    [[("aysel", "s1", 2)], [("aysel", "s1")], [("aysel", "s1", 1, 3.0), ("aram", "s1", 1)]],
)
def test_malformed_votes_are_refused_with_an_engine_error(records):
    with pytest.raises(EngineInputError):
        VoteTable.from_records(records)


def test_arrays_of_unequal_length_are_refused():
    with pytest.raises(EngineInputError, match="same length"):
        VoteTable(np.array(["a"]), np.array(["s", "t"]), np.array([1]))


def test_a_timestamp_that_is_not_a_number_is_refused():
    # NaN compares with nothing, so it could not say which of two votes is the latest.
    with pytest.raises(EngineInputError, match="timestamp in row 1 is not a number"):
        VoteTable(
            np.array(["a", "a", "b"]), np.array(["s", "s", "s"]), np.array([1, -1, 1]), np.array([5.0, np.nan, 9.0])
        )
