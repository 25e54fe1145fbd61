import json

from click.testing import CliRunner

from parley.cli import main
from parley.record.tests.bundles import bundle_bytes, files_of, rezip, with_lines
from parley.record.tests.records import build_record

RECORD = build_record()
DATA = bundle_bytes(RECORD)


def run(*args):
    return CliRunner().invoke(main, ["verify", *map(str, args)])


def test_a_good_bundle_exits_0_with_a_short_report(tmp_path):
    bundle = tmp_path / "water.zip"
    bundle.write_bytes(DATA)
    result = run(bundle)
    assert result.exit_code == 0, result.output
    assert "checkpoint of 123 entries" in result.output and "signed by server, cochair-az, cochair-am" in result.output
    assert result.output.strip().endswith("all checks hold")


def test_a_tampered_bundle_exits_1_naming_the_entry(tmp_path):
    lines = list(RECORD.entries)
    bundle = tmp_path / "water.zip"
    bundle.write_bytes(with_lines(DATA, lines[:7] + lines[8:]).getvalue())
    result = run(bundle)
    assert result.exit_code == 1
    assert "FAILED: record.jsonl line 8 (entry 7): has seq 8" in result.output
    assert "Traceback" not in result.output


def test_a_saved_checkpoint_is_checked_for_consistency(tmp_path):
    bundle, saved, forked = tmp_path / "water.zip", tmp_path / "saved.json", tmp_path / "forked.json"
    bundle.write_bytes(DATA)
    saved.write_text(json.dumps(RECORD.checkpoints[0]))
    fork = build_record(analysis='{"meta": {"opinion_map": {"groups": 2}}, "participants": []}')
    forked.write_bytes(files_of(bundle_bytes(fork))["checkpoints.json"])
    assert run(bundle, "--checkpoint", saved).exit_code == 0
    result = run(bundle, "--checkpoint", forked)
    assert result.exit_code == 1
    assert "history was rewritten (fork)" in result.output


def test_input_that_cannot_be_used_exits_2_without_a_traceback(tmp_path):
    not_zip, no_record, bad_checkpoint, bundle = (tmp_path / n for n in ("a.zip", "b.zip", "c.json", "d.zip"))
    not_zip.write_text("not a zip")
    no_record.write_bytes(rezip({k: v for k, v in files_of(DATA).items() if k != "record.jsonl"}).getvalue())
    bad_checkpoint.write_text("{not json")
    bundle.write_bytes(DATA)
    for args, message in (
        ((not_zip,), "is not a zip file"),
        ((no_record,), "record.jsonl is missing from the bundle"),
        ((tmp_path / "absent.zip",), "cannot open"),
        ((bundle, "--checkpoint", bad_checkpoint), "is not a JSON file"),
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output
        assert isinstance(result.exception, SystemExit)
