"""A record no checkpoint vouches for is its own state, "unvouched", with exit code 3: not tampering (1).

A new or imported dialogue exported before any checkpoint, or entries appended after the last
one, hold together byte for byte, but no signature stands behind them yet.
"""

import json
from io import BytesIO

from click.testing import CliRunner

from parley.cli import main
from parley.record.tests.bundles import bundle_bytes, files_of, with_file, with_lines
from parley.record.tests.records import Record, build_record
from parley.record.verifier import verify_bundle

FULL = build_record()
# The entries before the first checkpoint was made: a dialogue nobody has checkpointed yet.
RECORD_FIRST_CHECKPOINT = FULL.checkpoints[0]["tree_size"]
UNSIGNED = Record(entries=list(FULL.entries[:RECORD_FIRST_CHECKPOINT]))


def after_the_last_checkpoint() -> Record:
    record = build_record()
    record.vote(3, 1, -1)
    record.vote(4, 2, 1)
    return record


def verify_cli(tmp_path, data: bytes):
    bundle = tmp_path / "water.zip"
    bundle.write_bytes(data)
    return CliRunner().invoke(main, ["verify", str(bundle)])


def test_a_record_without_any_checkpoint_is_unvouched_not_failed():
    report = verify_bundle(BytesIO(bundle_bytes(UNSIGNED)))
    assert report.ok and report.problems == ()
    assert report.state == "unvouched"
    assert report.unvouched.startswith(
        f"no checkpoint: no signature vouches for entries 0–{RECORD_FIRST_CHECKPOINT - 1}"
    )
    assert "UNVOUCHED: no checkpoint" in report.summary and "FAILED" not in report.summary


def test_entries_after_the_last_checkpoint_are_unvouched_and_the_vouched_part_is_named():
    record = after_the_last_checkpoint()
    report = verify_bundle(BytesIO(bundle_bytes(record)))
    size = len(FULL.entries)
    assert report.state == "unvouched", report.summary
    assert report.unvouched == (
        f"entries 0–{size - 1} are vouched for by the checkpoint of {size}; "
        f"no checkpoint vouches for entries {size}–{size + 1} yet"
    )


def test_only_the_records_of_a_checkpoint_s_own_signatures_may_follow_it_and_stay_vouched():
    report = verify_bundle(BytesIO(bundle_bytes(build_record(tail=True))))
    assert report.state == "verified", report.summary


def test_a_co_chair_signature_still_missing_is_a_warning_not_a_failure():
    report = verify_bundle(BytesIO(bundle_bytes(build_record(signers=()))))
    assert report.state == "verified"
    assert report.warnings == ("checkpoint of 123 lacks cochair-az, cochair-am",)


def test_tampering_with_an_unsigned_record_still_fails():
    lines = list(UNSIGNED.entries)
    report = verify_bundle(with_lines(bundle_bytes(UNSIGNED), lines[:5] + lines[6:]))
    assert report.state == "failed"
    assert report.problems[0].startswith("record.jsonl line 6 (entry 5): has seq 6")


def test_dropping_the_checkpoints_of_a_record_that_logs_them_is_tampering():
    data = bundle_bytes(FULL)
    empty = json.dumps({"checkpoints": []}, indent=2, sort_keys=True) + "\n"
    report = verify_bundle(with_file(data, "checkpoints.json", empty.encode()))
    assert report.state == "failed"
    assert "checkpoints.json has no checkpoint of" in report.problems[0]


def test_the_command_exits_3_for_an_unvouched_record_and_says_what_is_and_is_not_vouched(tmp_path):
    result = verify_cli(tmp_path, bundle_bytes(after_the_last_checkpoint()))
    assert result.exit_code == 3, result.output
    assert "entries 0–122 are vouched for by the checkpoint of 123" in result.output
    assert "no checkpoint vouches for entries 123–124" in result.output
    assert "no sign of tampering" in result.output
    result = verify_cli(tmp_path, bundle_bytes(UNSIGNED))
    assert result.exit_code == 3, result.output
    assert "no checkpoint: no signature vouches for entries 0–" in result.output


def test_the_command_keeps_exit_0_for_a_vouched_record_and_1_for_a_tampered_one(tmp_path):
    assert verify_cli(tmp_path, bundle_bytes(FULL)).exit_code == 0
    lines = list(UNSIGNED.entries)
    tampered = with_lines(bundle_bytes(UNSIGNED), lines[:5] + lines[6:]).getvalue()
    assert verify_cli(tmp_path, tampered).exit_code == 1
    assert files_of(tampered)["checkpoints.json"] == files_of(bundle_bytes(UNSIGNED))["checkpoints.json"]


def test_an_empty_record_is_unvouched_not_verified(tmp_path):
    # No entries and no checkpoint: the bytes hold together, but nothing in them is vouched for.
    empty = bundle_bytes(Record(entries=[]))
    report = verify_bundle(BytesIO(empty))
    assert report.ok and report.problems == ()
    assert report.state == "unvouched", report.summary
    assert report.unvouched == "the record is empty: nothing is vouched for"
    result = verify_cli(tmp_path, empty)
    assert result.exit_code == 3, result.output
    assert "the record is empty: nothing is vouched for" in result.output
