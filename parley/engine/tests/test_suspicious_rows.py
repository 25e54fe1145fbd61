"""Rows that would mislead the analysis are refused with `file:line: problem`; real exports pass.

Duplicate comments, duplicate participant rows, votes for comments the export does not have, ids
that are no ids and timestamps that are no times. Several rows for one voter and comment in
votes.csv are not among them: that is how Pol.is records a changed vote.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.engine import EngineInputError, read_folder, read_sides
from parley.engine.checks import Rows, check_ids, check_known, check_timestamps, check_unique
from parley.engine.tests.conftest import shared

VOTES = "timestamp,datetime,comment-id,voter-id,vote\n"
COMMENTS = "comment-id,moderated,comment-body\n1,0,Rivers first.\n2,0,Roads second.\n"
MATRIX = "participant,group-id,n-comments,n-votes,n-agree,n-disagree,1,2\n"
HUGE = "9" * 5000


def folder_with(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / name.replace("_", "-").replace("-csv", ".csv").replace("-json", ".json")).write_text(text)
    return tmp_path


CASES = {
    "a comment id twice": (
        {"comments_csv": COMMENTS + "1,0,Rivers again.\n", "votes_csv": VOTES + "1,,1,7,1\n"},
        "comments.csv:4: comment 1 again (it was on line 2 already)",
    ),
    "a vote for a comment comments.csv lacks": (
        {"comments_csv": COMMENTS, "votes_csv": VOTES + "1,,1,7,1\n2,,9,7,1\n"},
        "votes.csv:3: a vote for comment 9, which comments.csv does not have",
    ),
    "a participant's row twice": (
        {
            "comments_csv": COMMENTS,
            "participants_votes_csv": MATRIX + "7,0,0,2,1,1,1,-1\n8,0,0,1,1,0,1,\n7,0,0,1,1,0,1,\n",
        },
        "participants-votes.csv:4: participant 7 again (it was on line 2 already)",
    ),
    "a comment column twice": (
        {"participants_votes_csv": MATRIX.replace(",1,2\n", ",1,1\n") + "7,0,0,2,1,1,1,-1\n"},
        "participants-votes.csv:1: comment column 1 again (it was on line 1 already)",
    ),
    "a matrix vote for a comment comments.csv lacks": (
        {
            "comments_csv": COMMENTS,
            "participants_votes_csv": MATRIX.replace(",1,2\n", ",1,3\n") + "7,0,0,1,1,0,,\n8,0,0,1,1,0,1,1\n",
        },
        "participants-votes.csv:3: a vote for comment 3, which comments.csv does not have",
    ),
    "a NaN timestamp": (
        {"votes_csv": VOTES + "1,,1,7,1\nnan,,1,8,1\n"},
        "votes.csv:3: timestamp nan is not a time: expected milliseconds since 1970, from 0 to 253402300800000",
    ),
    "an infinite timestamp": ({"votes_csv": VOTES + "inf,,1,7,1\n"}, "votes.csv:2: timestamp inf is not a time"),
    "a minus infinite timestamp": ({"votes_csv": VOTES + "-Infinity,,1,7,1\n"}, "votes.csv:2: timestamp -inf is not"),
    "a negative timestamp": ({"votes_csv": VOTES + "1,,1,7,1\n-5,,1,8,1\n"}, "votes.csv:3: timestamp -5.0 is not"),
    "a timestamp past the year 10000": ({"votes_csv": VOTES + "1e20,,1,7,1\n"}, "votes.csv:2: timestamp 1e+20 is not"),
    "a 5,000-digit timestamp": ({"votes_csv": VOTES + HUGE + ",,1,7,1\n"}, "votes.csv:2: timestamp inf is not a time"),
    "a 5,000-digit participant id": (
        {"votes_csv": VOTES + f"1,,1,{HUGE},1\n"},
        "votes.csv:2: voter-id 99999999999999999999… has 5000 characters; an id has at most 40",
    ),
    "a 5,000-digit comment id": ({"votes_csv": VOTES + f"1,,{HUGE},7,1\n"}, "votes.csv:2: comment-id 9999"),
    "a participant id beyond 64 bits": (
        {"votes_csv": VOTES + f"1,,1,7,1\n2,,1,{2**63},1\n"},
        f"votes.csv:3: voter-id {2**63} is beyond the 64-bit integers an id may be",
    ),
    "a comment id below 64 bits": (
        {"votes_csv": VOTES + f"1,,{-(2**63) - 1},7,1\n"},
        "votes.csv:2: comment-id -9223372036854775809 is beyond the 64-bit integers",
    ),
    "an id with a control character": ({"votes_csv": VOTES + "1,,1,7\x07,1\n"}, "votes.csv:2: voter-id '7\\x07' holds"),
    "a 5,000-digit id in the vote matrix": (
        {"participants_votes_csv": MATRIX + f"{HUGE},0,0,1,1,0,1,\n"},
        "participants-votes.csv:2: participant 9999",
    ),
    "a 5,000-digit comment column": (
        {"participants_votes_csv": MATRIX.replace(",1,2\n", f",1,{HUGE}\n") + "7,0,0,1,1,0,1,\n"},
        "participants-votes.csv:1: comment id 9999",
    ),
    "a vote matrix that is not UTF-8": (
        {"participants_votes_csv": MATRIX + "7,0,0,1,1,0,1,\n"},
        "participants-votes.csv:",
    ),
}


def write_case(tmp_path: Path, case: str) -> Path:
    files, _ = CASES[case]
    folder = folder_with(tmp_path, **files)
    if case == "a vote matrix that is not UTF-8":
        (folder / "participants-votes.csv").write_bytes(MATRIX.encode() + b"7,0,0,1,1,0,\xff\xfe,\n")
    return folder


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_suspicious_row_is_refused_naming_its_file_and_line(tmp_path, case):
    folder = write_case(tmp_path, case)
    with pytest.raises(EngineInputError) as error:
        read_folder(folder)
    assert f"{folder}{'/'}" in str(error.value)
    assert CASES[case][1] in str(error.value)


@pytest.mark.parametrize("command", ["analyze", "import-polis"])
@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_both_commands_exit_2_with_file_line_and_problem(tmp_path, command, case):
    folder = write_case(tmp_path, case)
    result = CliRunner().invoke(main, [command, str(folder)])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert f"error: {folder}/" in result.stderr
    assert CASES[case][1] in result.stderr


def test_changed_votes_are_history_not_duplicates(tmp_path):
    folder = folder_with(tmp_path, comments_csv=COMMENTS, votes_csv=VOTES + "1,,1,7,1\n2,,1,7,-1\n3,,1,7,-1\n")
    votes = read_folder(folder).votes
    assert len(votes) == 3


def test_timestamps_may_all_be_missing_and_ids_may_be_words(tmp_path):
    folder = folder_with(tmp_path, votes_csv=VOTES + ",,river,leyla,1\n,,road,anahit,-1\n")
    votes = read_folder(folder).votes
    assert votes.timestamp is None
    assert sorted(votes.participant.tolist()) == ["anahit", "leyla"]


def api_folder(tmp_path: Path, votes: str, comments: object = None) -> Path:
    (tmp_path / "votes.json").write_text(votes)
    if comments is not None:
        (tmp_path / "comments.json").write_text(json.dumps(comments))
    return tmp_path


@pytest.mark.parametrize(
    ("votes", "comments", "problem"),
    [
        (f'[{{"pid": {HUGE}, "tid": 1, "vote": 1}}]', None, "votes.json: invalid JSON: a number of 5000 digits"),
        ('[{"pid": [1], "tid": 1, "vote": 1}]', None, "votes.json: entry 0: participant_id [1] is not an integer"),
        (f'[{{"pid": "{HUGE}", "tid": 1, "vote": 1}}]', None, "votes.json: entry 0: participant_id 9999"),
        ('[{"pid": 1, "tid": 1, "vote": 1, "modified": NaN}]', None, "votes.json: entry 0: timestamp nan is not"),
        ('[{"pid": 1, "tid": 1, "vote": 1, "modified": -1}]', None, "votes.json: entry 0: timestamp -1.0 is not"),
        ('[{"pid": 1, "tid": 1, "vote": 1, "modified": 1e300}]', None, "votes.json: entry 0: timestamp 1e+300 is"),
        ("[" * 100_000, None, "votes.json: invalid JSON"),
        ('[{"pid": 1, "tid": 5, "vote": 1}]', [{"tid": 1, "mod": 0}], "votes.json: entry 0: a vote for comment 5"),
        (
            '[{"pid": 1, "tid": 1, "vote": 1}]',
            [{"tid": t, "mod": 0} for t in (1, 2, 1)],
            "comments.json: entry 2: comment 1",
        ),
    ],
)
def test_the_polis_api_json_is_held_to_the_same_rules(tmp_path, votes, comments, problem):
    with pytest.raises(EngineInputError) as error:
        read_folder(api_folder(tmp_path, votes, comments))
    assert problem in str(error.value)


def test_a_sides_file_with_a_huge_participant_id_is_refused(tmp_path):
    (tmp_path / "sides.csv").write_text(f"participant,side\n7,AZ\n{HUGE},AM\n")
    with pytest.raises(EngineInputError, match=r"sides.csv:3: participant 9999"):
        read_sides(tmp_path / "sides.csv")


def test_the_checks_work_on_whole_columns_for_any_reader():
    rows = Rows("votes.parquet", np.array([2, 3, 5, 8]))
    with pytest.raises(EngineInputError, match=r"^votes.parquet:5: voter-id 99999999999999999999 is beyond"):
        check_ids(np.array(["1", "2", "9" * 20, "3"]), "voter-id", rows)
    with pytest.raises(EngineInputError, match=r"^votes.parquet:8: timestamp nan is not a time"):
        check_timestamps(np.array([1.0, 2.0, np.nan, np.nan]), rows, given=np.array([True, True, False, True]))
    with pytest.raises(EngineInputError, match=r"^votes.parquet:5: comment 1 again \(it was on line 2 already\)"):
        check_unique(np.array(["1", "2", "1", "1"]), "comment", rows)
    with pytest.raises(EngineInputError, match=r"^votes.parquet: entry 1: a vote for comment 4, which x does not"):
        check_known(np.array(["1", "4"]), {"1", "2"}, "comment", "x", Rows("votes.parquet"))


REAL_EXPORTS = [
    *(("opendata", name) for name in ("15-per-hour-seattle", "american-assembly.bowling-green", "vtaiwan.uberx")),
    *(("math-export", name) for name in ("25ptpt-3gp-no-strict-with-meta", "below-100-ptpts")),
]


@pytest.mark.parametrize(("kind", "name"), REAL_EXPORTS)
def test_real_polis_exports_pass_every_check(kind, name):
    dataset = read_folder(shared("polis", kind, name))
    assert len(dataset.votes) > 0
