"""Malformed files get an error naming the file, the line and the problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.engine import EngineInputError, read_folder, read_sides

HEADER = "timestamp,datetime,comment-id,voter-id,vote\n"


def export(tmp_path: Path, votes: str, comments: str | None = None) -> Path:
    (tmp_path / "votes.csv").write_text(HEADER + votes)
    if comments is not None:
        (tmp_path / "comments.csv").write_text(comments)
    return tmp_path


@pytest.mark.parametrize(
    ("votes", "line", "problem"),
    [
        ("1,,1,7,1\n2,,1,8,5\n", 3, "vote '5' is not one of -1, 0, 1"),
        ("1,,1,7,1\n2,,1,8,agree\n", 3, "vote 'agree' is not a number"),
        ("1,,,7,1\n", 2, "empty comment-id"),
        ("1,,1,7,1,9\n", 2, "more fields than the header"),
        ("x,,1,7,1\n", 2, "timestamp 'x' is not a number"),
    ],
)
def test_a_bad_vote_row_is_reported_with_its_file_and_line(tmp_path, votes, line, problem):
    folder = export(tmp_path, votes)
    with pytest.raises(EngineInputError) as error:
        read_folder(folder)
    assert str(error.value) == f"{folder / 'votes.csv'}:{line}: {problem}"


def test_a_missing_column_is_reported_on_the_header_line(tmp_path):
    (tmp_path / "votes.csv").write_text("comment-id,vote\n1,1\n")
    with pytest.raises(EngineInputError, match=r"votes.csv:1: header lacks column voter-id"):
        read_folder(tmp_path)


def test_a_bad_moderation_flag_is_reported(tmp_path):
    folder = export(tmp_path, "1,,1,7,1\n", "comment-id,moderated,comment-body\n1,maybe,Hello\n")
    with pytest.raises(EngineInputError, match=r"comments.csv:2: moderated 'maybe' is not a number"):
        read_folder(folder)


def test_a_folder_without_votes_is_refused(tmp_path):
    with pytest.raises(EngineInputError, match=r"no votes\.csv"):
        read_folder(tmp_path)


def test_broken_api_json_is_reported_with_its_line(tmp_path):
    (tmp_path / "votes.json").write_text('[\n{"pid": 1,\n')
    with pytest.raises(EngineInputError, match=r"votes.json:3: invalid JSON"):
        read_folder(tmp_path)


def test_an_api_vote_without_a_statement_is_reported(tmp_path):
    (tmp_path / "votes.json").write_text(json.dumps([{"pid": 1, "vote": -1}]))
    with pytest.raises(EngineInputError, match="entry 0 lacks statement_id or tid"):
        read_folder(tmp_path)


def test_a_participant_on_two_sides_is_refused(tmp_path):
    sides = tmp_path / "sides.csv"
    sides.write_text("participant,side\nleyla,az\nleyla,hy\n")
    with pytest.raises(EngineInputError, match=r"sides.csv:3: participant leyla is on side 'az'"):
        read_sides(sides)


def test_a_sides_file_without_the_side_column_is_refused(tmp_path):
    sides = tmp_path / "sides.csv"
    sides.write_text("participant,team\nleyla,az\n")
    with pytest.raises(EngineInputError, match=r"sides.csv:1: header lacks column side"):
        read_sides(sides)


def test_api_votes_take_their_sign_from_the_comment_tallies(tmp_path):
    votes = [{"pid": 1, "tid": 0, "vote": -1}, {"pid": 2, "tid": 0, "vote": -1}]
    (tmp_path / "votes.json").write_text(json.dumps(votes))
    comments = [{"tid": 0, "txt": "Tea", "mod": 1, "agree_count": 2, "disagree_count": 0}]
    (tmp_path / "comments.json").write_text(json.dumps(comments))
    assert read_folder(tmp_path).votes.value.tolist() == [1, 1]
    comments[0].update(agree_count=0, disagree_count=2)
    (tmp_path / "comments.json").write_text(json.dumps(comments))
    assert read_folder(tmp_path).votes.value.tolist() == [-1, -1]
