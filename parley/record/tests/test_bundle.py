import csv
import io
import zipfile

import pytest

from parley.engine import analyze, read_polis_export, read_sides
from parley.record.bundle import BundleError, read_bundle, write_bundle
from parley.record.opendata import is_translated_file
from parley.record.tests.bundles import bundle_bytes, files_of, rezip
from parley.record.tests.records import build_record

RECORD = build_record()
DATA = bundle_bytes(RECORD)
FILES = files_of(DATA)


def rows(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(FILES[name].decode("utf-8"))))


def test_the_bundle_holds_the_record_checkpoints_analysis_and_polis_files():
    assert sorted(name for name in FILES if not is_translated_file(name)) == [
        "README.md",
        "analysis.json",
        "checkpoints.json",
        "comments.csv",
        "participants-votes.csv",
        "record.jsonl",
        "sides.csv",
        "summary.csv",
        "votes.csv",
    ]


def test_the_same_record_gives_the_same_zip_byte_for_byte():
    assert bundle_bytes(build_record()) == DATA
    with zipfile.ZipFile(io.BytesIO(DATA)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_record_file_is_the_entries_exact_bytes_one_per_line():
    assert FILES["record.jsonl"] == b"".join(entry + b"\n" for entry in RECORD.entries)
    assert FILES["analysis.json"].decode() == RECORD.analysis_json


def test_votes_csv_has_the_full_history_in_polis_format():
    votes = rows("votes.csv")
    assert votes[0] == ["timestamp", "datetime", "comment-id", "voter-id", "vote"]
    assert len(votes) == 1 + 92
    first = votes[1]
    assert first[1] == "Mon Mar 02 09:11:06 UTC 2026" and first[2:] == ["1", "1", "1"]
    assert int(first[0]) % 1000 == 22  # milliseconds of 09:11:06.022...
    assert [r[2:] for r in votes if r[2:4] == ["6", "3"]][-2:] == [["6", "3", "1"], ["6", "3", "0"]]


def test_comments_csv_marks_moderation_as_the_engine_reads_it():
    comments = {r[2]: r for r in rows("comments.csv")[1:]}
    assert rows("comments.csv")[0] == [
        "timestamp",
        "datetime",
        "comment-id",
        "author-id",
        "agrees",
        "disagrees",
        "moderated",
        "comment-body",
    ]
    assert comments["8"][6] == "-1" and comments["5"][6] == "1" and comments["1"][6] == "0"
    assert comments["1"][3] == "1" and comments["1"][7].startswith("Kür")


def test_participants_votes_csv_has_groups_from_the_published_analysis_and_latest_votes():
    table = rows("participants-votes.csv")
    assert table[0] == [
        "participant",
        "group-id",
        "n-comments",
        "n-votes",
        "n-agree",
        "n-disagree",
        *map(str, range(1, 9)),
    ]
    member3 = next(r for r in table if r[0] == "3")
    assert member3[6 + 5] == "0"  # changed to pass at the end
    assert {r[1] for r in table[1:]} <= {"0", "1", "2", ""}


def test_sides_and_summary_describe_the_dialogue():
    assert rows("sides.csv")[:3] == [["participant", "side"], ["1", "AZ"], ["2", "AM"]]
    summary = dict(rows("summary.csv"))
    assert summary["dialogue"] == "water-talks" and summary["side-0"] == "AZ" and summary["side-1"] == "AM"
    assert summary["votes"] == "92" and summary["comments"] == "8" and summary["participants"] == "10"
    # Every member voted on all 8 statements (then 4 changed votes); statement 8 was removed.
    assert summary["current-votes"] == "70" and summary["comments-visible"] == "7"


def test_the_readme_explains_every_file_and_how_to_verify():
    readme = FILES["README.md"].decode()
    for name in FILES:
        if not is_translated_file(name):
            assert f"`{name}`" in readme
    assert "parley verify BUNDLE.zip" in readme


def test_each_translated_readme_explains_every_file_in_its_language():
    translated = [name for name in FILES if name.startswith("README.") and is_translated_file(name)]
    assert translated
    for readme_name in translated:
        readme = FILES[readme_name].decode()
        assert all(f"`{name}`" in readme for name in FILES) and "parley verify BUNDLE.zip" in readme


def test_the_engine_reads_the_bundles_csvs_into_the_published_analysis(tmp_path):
    for name, content in FILES.items():
        (tmp_path / name).write_bytes(content)
    dataset = read_polis_export(tmp_path)
    result = analyze(
        dataset.votes,
        sides=read_sides(tmp_path / "sides.csv"),
        texts=dataset.texts,
        moderated_out=dataset.moderated_out,
    )
    assert result.to_json(timings=False) == RECORD.analysis_json


def test_with_only_totals_public_the_bundle_has_no_one_s_votes():
    files = files_of(bundle_bytes(build_record(visibility="aggregate")))
    assert "votes.csv" not in files and "participants-votes.csv" not in files
    comments = list(csv.reader(io.StringIO(files["comments.csv"].decode())))
    assert all(r[4:6] == ["", ""] for r in comments[1:])
    assert "Only vote totals are public" in files["README.md"].decode()
    assert dict(csv.reader(io.StringIO(files["summary.csv"].decode())))["votes-totals-only"] == "92"


def test_the_writer_refuses_an_analysis_the_record_did_not_publish():
    with pytest.raises(ValueError, match="not the analysis entry"):
        write_bundle(io.BytesIO(), entries=RECORD.entries, checkpoints=RECORD.checkpoints, analysis_json="{}")


def test_reading_a_file_that_is_not_a_zip_says_so(tmp_path):
    path = tmp_path / "bundle.zip"
    path.write_text("hello")
    with pytest.raises(BundleError, match="is not a zip file"):
        read_bundle(path)


def test_reading_a_bundle_without_its_record_names_the_missing_file():
    files = {k: v for k, v in FILES.items() if k != "record.jsonl"}
    with pytest.raises(BundleError, match=r"record\.jsonl is missing"):
        read_bundle(rezip(files))
