"""A Pol.is export is read column by column, ids as integer codes, exactly as the row-by-row reader reads it."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.engine import EngineInputError, analyze, columnar, io, read_folder, read_sides
from parley.engine.columnar import read_vote_history, read_vote_matrix
from parley.engine.matrix import VoteMatrix
from parley.engine.synthetic import two_sided
from parley.engine.table import EncodedIds, VoteTable
from parley.engine.tests.conftest import shared

VOTES = "timestamp,datetime,comment-id,voter-id,vote\n"
MATRIX = "participant,group-id,n-comments,n-votes,n-agree,n-disagree,1,2\n"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return folder


def synthetic_export(folder: Path) -> tuple[Path, dict[str, str]]:
    """Write a small two-sided conversation, with changed votes, as Pol.is's votes.csv and comments.csv."""
    conversation = two_sided(300, 40, 7_000, revote_rate=0.05, seed=5)
    votes = conversation.votes
    assert votes.timestamp is not None
    with (folder / "votes.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
        for p, s, v, t in zip(votes.participant, votes.statement, votes.value, votes.timestamp, strict=True):
            writer.writerow([1_700_000_000_000 + int(t) * 1000, "Tue Nov 14 2023", s, p, v])
    with (folder / "comments.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["comment-id", "moderated", "comment-body"])
        writer.writerows([s, 1, f"Statement {s}"] for s in range(40))
    return folder, conversation.sides


def row_by_row(folder: Path) -> io.Dataset:
    """Read FOLDER with the row-by-row reader only, as every export was read before."""
    dataset = read_folder(folder)
    votes_csv = folder / "votes.csv"
    known = set(dataset.texts) if (folder / "comments.csv").exists() else None
    if votes_csv.exists():
        votes = io._read_vote_history(votes_csv, known)
    else:
        votes = io._read_vote_matrix(folder / "participants-votes.csv", known)
    return io.Dataset(votes, dataset.texts, dataset.moderated_out, dataset.meta)


def same_votes(a: VoteTable, b: VoteTable) -> bool:
    return (
        a.participant.tolist() == b.participant.tolist()
        and a.statement.tolist() == b.statement.tolist()
        and a.value.tolist() == b.value.tolist()
        and (a.timestamp is None) == (b.timestamp is None)
        and (a.timestamp is None or b.timestamp is None or a.timestamp.tolist() == b.timestamp.tolist())
    )


def analysis_json(dataset: io.Dataset, sides: dict[str, str] | None = None) -> str:
    return analyze(
        dataset.votes, sides=sides, texts=dataset.texts, moderated_out=dataset.moderated_out, meta=dataset.meta
    ).to_json(timings=False)


def test_ids_arrive_as_integer_codes_into_their_distinct_ids(tmp_path):
    folder = write(tmp_path, "votes.csv", VOTES + "1,,river,leyla,1\n2,,road,anahit,-1\n3,,river,anahit,0\n")
    votes = read_folder(folder).votes
    participants = votes.participant_column
    assert isinstance(participants, EncodedIds)
    assert participants.codes.dtype == np.int32
    assert sorted(participants.labels.tolist()) == ["anahit", "leyla"]
    assert votes.participant.tolist() == ["leyla", "anahit", "anahit"]
    assert votes.statement.tolist() == ["river", "road", "river"]


def test_a_changed_vote_counts_by_its_timestamp_not_its_line(tmp_path):
    rows = "30,,1,7,1\n10,,1,7,-1\n20,,1,8,-1\n40,,1,8,0\n5,,2,7,1\n"
    matrix = VoteMatrix.from_table(read_folder(write(tmp_path, "votes.csv", VOTES + rows)).votes)
    assert matrix.participants == ["7", "8"] and matrix.statements == ["1", "2"]
    assert matrix.values.tolist() == [1, 1, 0]
    assert matrix.n_votes == 3


def test_a_synthetic_export_gives_the_same_analysis_as_the_row_by_row_reader(tmp_path):
    folder, sides = synthetic_export(tmp_path)
    assert read_vote_history(folder / "votes.csv", {str(s) for s in range(40)}) is not None
    fast, slow = read_folder(folder), row_by_row(folder)
    assert same_votes(fast.votes, slow.votes)
    assert analysis_json(fast, sides) == analysis_json(slow, sides)


@pytest.mark.parametrize(
    ("name", "reader"), [("vtaiwan.uberx", read_vote_history), ("american-assembly.bowling-green", read_vote_matrix)]
)
def test_a_real_export_gives_the_same_analysis_as_the_row_by_row_reader(name, reader):
    folder = shared("polis", "opendata", name)
    path = folder / ("votes.csv" if reader is read_vote_history else "participants-votes.csv")
    assert reader(path, None) is not None
    fast, slow = read_folder(folder), row_by_row(folder)
    assert same_votes(fast.votes, slow.votes)
    assert analysis_json(fast) == analysis_json(slow)


@pytest.mark.parametrize(
    "rows",
    [
        "1,,1, 7 ,1\n2,,2,8,-1\n",  # a padded id
        "1,,1,7,1.0\n2,,2,8,-1\n",  # a vote written as a decimal
        "1,,1,7,+1\n",  # a vote with its sign
        '1,"Tue,\nNov 14",1,7,1\n2,,2,8,0\n',  # a line break inside a quoted field
        "1,,1,7,1\n\n2,,2,8,0\n",  # a blank line
        "1,,1,7,1\n,,2,8,0\n",  # a timestamp missing: then no vote has one
    ],
)
def test_unusual_but_valid_rows_are_read_as_the_row_by_row_reader_reads_them(tmp_path, rows):
    folder = write(tmp_path, "votes.csv", VOTES + rows)
    assert same_votes(read_folder(folder).votes, io._read_vote_history(folder / "votes.csv", None))


def test_a_byte_order_mark_is_no_part_of_the_first_column(tmp_path):
    folder = write(tmp_path, "votes.csv", b"\xef\xbb\xbf" + (VOTES + "1,,1,7,1\n").encode())
    votes = read_folder(folder).votes
    assert votes.timestamp is not None and votes.timestamp.tolist() == [1.0]


def test_a_file_the_vectorised_reader_declines_still_gets_its_line_named(tmp_path):
    folder = write(tmp_path, "votes.csv", VOTES + "1,,1,7,1\n2,,1,8,1,9\n")
    assert read_vote_history(folder / "votes.csv", None) is None
    with pytest.raises(EngineInputError, match=r"votes.csv:3: more fields than the header"):
        read_folder(folder)


def test_a_vote_matrix_is_read_row_by_row_in_file_order(tmp_path):
    folder = write(tmp_path, "participants-votes.csv", MATRIX + "8,0,0,2,1,1,1,-1\n7,0,0,1,0,0,,0\n9,,0,1,1,0,1.0,\n")
    votes = read_folder(folder).votes
    assert isinstance(votes.participant_column, EncodedIds)
    assert votes.participant.tolist() == ["8", "8", "7", "9"]
    assert votes.statement.tolist() == ["1", "2", "2", "1"]
    assert votes.value.tolist() == [1, -1, 0, 1]
    assert votes.timestamp is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (MATRIX + "7,0,0,2,1,1,1,-1\n7,0,0,1,1,0,1,\n", "participants-votes.csv:3: participant 7 again"),
        (MATRIX + "7,0,0,2,1,1,1,yes\n", "participants-votes.csv:2: vote 'yes' for comment 2 is not -1, 0 or 1"),
        (MATRIX + "7,0,0,2,1,1,1\n", "participants-votes.csv:2: 7 fields, the header has 8"),
    ],
)
def test_a_bad_vote_matrix_is_still_refused_naming_its_line(tmp_path, text, problem):
    folder = write(tmp_path, "participants-votes.csv", text)
    with pytest.raises(EngineInputError) as error:
        read_folder(folder)
    assert problem in str(error.value)


def real_exports() -> list[Path]:
    root = shared("polis")
    return sorted(p for kind in ("opendata", "math-export") for p in (root / kind).iterdir() if p.is_dir())


def test_every_real_export_is_read_vote_for_vote_as_the_row_by_row_reader_reads_it():
    folders = real_exports()
    assert len(folders) >= 17
    for folder in folders:
        assert same_votes(read_folder(folder).votes, row_by_row(folder).votes), folder.name


@pytest.mark.parametrize(
    "text",
    [
        "participant,side\n7,AZ\n8,AM\n",
        "participant,side\n 7 ,AZ\n8, AM\n",  # padded: stripped as the row-by-row reader strips
        "participant,side\n7,AZ\n7,AZ\n8,AM\n",  # a participant twice on the same side
    ],
)
def test_a_sides_file_gives_the_mapping_the_row_by_row_reader_gives(tmp_path, text):
    path = tmp_path / "sides.csv"
    path.write_text(text, encoding="utf-8")
    assert read_sides(path) == {"7": "AZ", "8": "AM"}


def test_a_plain_sides_file_is_read_column_by_column(tmp_path):
    path = tmp_path / "sides.csv"
    path.write_text("participant,side\n7,AZ\n8,AM\n", encoding="utf-8")
    assert columnar.read_sides(path) == {"7": "AZ", "8": "AM"}


CELLS = {
    "id": ["7", "8", "007", " 7", "", "a b", '"9"', "x\u00e9", "9" * 20, "-3"],
    "vote": ["1", "-1", "0", "1.0", "+1", " 1", "2", "x", "", "-0"],
    "timestamp": ["", "1", "1e3", "nan", "-5", " 7", "1_000", "inf", "0x10", "12.5"],
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(*(st.sampled_from(CELLS[kind]) for kind in ("timestamp", "id", "id", "vote"))),
        min_size=1,
        max_size=6,
    )
)
def test_any_votes_csv_gets_the_row_by_row_readers_verdict(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("votes")
    lines = [f"{t},,{c if ',' not in c else repr(c)},{p},{v}" for t, c, p, v in rows]
    path = folder / "votes.csv"
    path.write_text(VOTES + "\n".join(lines) + "\n", encoding="utf-8")

    def verdict(read) -> tuple:
        try:
            votes = read()
        except EngineInputError as error:
            return ("refused", str(error))
        return (
            "read",
            votes.participant.tolist(),
            votes.statement.tolist(),
            votes.value.tolist(),
            None if votes.timestamp is None else votes.timestamp.tolist(),
        )

    assert verdict(lambda: read_folder(folder).votes) == verdict(lambda: io._read_vote_history(path, None))


MATRIX_CELLS = ["1", "-1", "0", "1.0", "-1.0", "0.0", "", "", " 1", "01", "x", "-0", "1.00"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.sampled_from(CELLS["id"]), st.sampled_from(MATRIX_CELLS), st.sampled_from(MATRIX_CELLS)),
        min_size=1,
        max_size=5,
    ),
    st.booleans(),
)
def test_any_vote_matrix_gets_the_row_by_row_readers_verdict(tmp_path_factory, rows, with_comments):
    folder = tmp_path_factory.mktemp("matrix")
    lines = [f"{p if ',' not in p else repr(p)},0,0,1,1,0,{a},{b}" for p, a, b in rows]
    path = folder / "participants-votes.csv"
    path.write_text(MATRIX + "\n".join(lines) + "\n", encoding="utf-8")
    known = {"1"} if with_comments else None
    if with_comments:
        (folder / "comments.csv").write_text("comment-id,moderated\n1,0\n", encoding="utf-8")

    def verdict(read) -> tuple:
        try:
            votes = read()
        except EngineInputError as error:
            return ("refused", str(error))
        return ("read", votes.participant.tolist(), votes.statement.tolist(), votes.value.tolist())

    assert verdict(lambda: read_folder(folder).votes) == verdict(lambda: io._read_vote_matrix(path, known))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(CELLS["id"]), st.sampled_from(["AZ", "AM", " AZ", ""])), max_size=5))
def test_any_sides_file_gets_the_row_by_row_readers_verdict(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("sides") / "sides.csv"
    path.write_text("participant,side\n" + "".join(f"{p if ',' not in p else repr(p)},{s}\n" for p, s in rows))

    def verdict(read) -> tuple:
        try:
            return ("read", read())
        except EngineInputError as error:
            return ("refused", str(error))

    def row_by_row() -> dict[str, str]:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(columnar, "read_sides", lambda path: None)
            return read_sides(path)

    assert verdict(lambda: read_sides(path)) == verdict(row_by_row)
