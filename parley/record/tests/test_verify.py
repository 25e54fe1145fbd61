import json
from io import BytesIO

import pytest

from parley.record.checkpoint import Checkpoint, SignedCheckpoint, sign_checkpoint
from parley.record.tests.bundles import bundle_bytes, files_of, rezip, with_file, with_lines
from parley.record.tests.records import COCHAIR_KEYS, ORIGIN, SERVER_KEY, build_record
from parley.record.verifier import verify_bundle

RECORD = build_record()
DATA = bundle_bytes(RECORD)
LINES = list(RECORD.entries)


def verified(data, **kwargs):
    return verify_bundle(BytesIO(data) if isinstance(data, bytes) else data, **kwargs)


def test_a_clean_bundle_verifies_and_says_who_signed_and_that_the_analysis_was_reproduced():
    report = verified(DATA)
    assert report.ok, report.summary
    assert report.problems == () and report.warnings == ()
    assert report.entries == len(LINES)
    assert [c.signed_by for c in report.checkpoints] == [("server", "cochair-az", "cochair-am")] * 2
    assert "reproduced from entries 0–121 byte for byte" in report.summary
    assert report.summary.endswith("all checks hold")


def test_a_dropped_entry_is_named():
    report = verified(with_lines(DATA, LINES[:50] + LINES[51:]))
    assert not report.ok
    assert report.problems == ("record.jsonl line 51 (entry 50): has seq 51; an entry was dropped, added or moved",)


def test_two_swapped_entries_are_named():
    report = verified(with_lines(DATA, [*LINES[:40], LINES[41], LINES[40], *LINES[42:]]))
    assert report.problems[0].startswith("record.jsonl line 41 (entry 40): has seq 41")


def test_an_equal_entry_in_another_spelling_is_refused():
    spaced = json.dumps(json.loads(LINES[30]), ensure_ascii=False).encode()
    report = verified(with_lines(DATA, [*LINES[:30], spaced, *LINES[31:]]))
    assert report.problems[0].startswith("record.jsonl line 31 (entry 30): valid JSON but not in canonical form")


def test_a_changed_vote_fails_the_merkle_root_and_the_range_is_narrowed_by_earlier_checkpoints():
    entry = json.loads(LINES[118])
    assert entry["type"] == "vote.cast"
    entry["payload"]["value"] = -entry["payload"]["value"] or 1
    changed = json.dumps(entry, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    report = verified(with_lines(DATA, [*LINES[:118], changed, *LINES[119:]]))
    assert report.problems == (
        "checkpoints.json: checkpoint of 123: the Merkle root of entries 0–122 differs; "
        "one of entries 115–122 was changed",
    )


def test_a_checkpoint_signed_with_the_other_side_s_key_is_refused():
    head = Checkpoint.from_dict({k: v for k, v in RECORD.checkpoints[-1].items() if k != "signatures"})
    forged = SignedCheckpoint(head)
    for key, role in ((SERVER_KEY, "server"), (COCHAIR_KEYS["AZ"], "cochair-az"), (COCHAIR_KEYS["AZ"], "cochair-am")):
        forged = forged.with_signature(sign_checkpoint(head, key, role=role, name=f"{ORIGIN}/{role}"))
    checkpoints = json.loads(files_of(DATA)["checkpoints.json"])
    checkpoints["checkpoints"][-1] = forged.to_dict()
    text = json.dumps(checkpoints, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    report = verified(with_file(DATA, "checkpoints.json", text.encode()))
    assert report.problems[0].startswith("checkpoints.json: checkpoint of 123: the cochair-am signature is by key")
    assert "neither the server's key nor one its side's co-chair registered" in report.problems[0]


def test_a_missing_cochair_signature_is_reported():
    report = verified(bundle_bytes(build_record(signers=("AZ",))))
    assert report.ok
    assert report.checkpoints[-1].missing == ("cochair-am",)
    assert report.warnings == ("checkpoint of 123 lacks cochair-am",)
    assert "not yet signed by cochair-am" in report.summary


def test_the_records_of_the_last_checkpoint_s_signatures_after_it_are_reported_as_not_covered():
    record = build_record(tail=True)
    report = verified(bundle_bytes(record))
    assert report.ok and report.state == "verified"
    assert report.warnings == ()
    assert report.tail.startswith("entries 123–125 only record signatures of checkpoints")


def test_a_signature_the_record_logs_must_be_in_the_checkpoints():
    record = build_record(tail=True, signers=("AZ", "AM"))
    data = bundle_bytes(record)
    checkpoints = json.loads(files_of(data)["checkpoints.json"])
    checkpoints["checkpoints"][-1]["signatures"].pop()
    text = json.dumps(checkpoints, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    report = verified(with_file(data, "checkpoints.json", text.encode()))
    assert report.problems == (
        "record.jsonl entry 125 (checkpoint.signed): checkpoints.json lacks the cochair-am signature it records",
    )


def test_an_earlier_checkpoint_of_the_same_history_is_consistent():
    report = verified(DATA, earlier_checkpoint=RECORD.checkpoints[0])
    assert report.ok, report.summary
    assert "saved checkpoint of 115: consistent with this record" in report.summary


def test_an_earlier_checkpoint_from_a_forked_history_is_detected():
    fork = build_record(analysis='{"meta": {"opinion_map": {"groups": 2}}, "participants": []}')
    report = verified(DATA, earlier_checkpoint=fork.checkpoints[-1])
    assert report.problems == (
        "saved checkpoint of 123: this record's first 123 entries differ; history was rewritten (fork)",
    )


def test_an_earlier_checkpoint_beyond_the_record_means_history_was_cut_short():
    longer = build_record()
    longer.vote(3, 1, -1)
    longer.checkpoint("AZ", "AM", log=False)
    report = verified(DATA, earlier_checkpoint=longer.checkpoints[-1])
    assert report.problems == ("saved checkpoint of 124: the record has only 123 entries; history was cut short",)


def test_an_analysis_the_engine_does_not_reproduce_is_refused():
    record = build_record(analysis='{"meta": {"opinion_map": {"groups": 2}}, "participants": []}')
    report = verified(bundle_bytes(record))
    assert report.problems == (
        "record.jsonl entry 122 (analysis.published): re-running the analysis on entries 0–121 gives another "
        "result: consensus: in the re-run, not in the published analysis (and 12 more)",  # evidence: one more
    )


def test_with_only_totals_public_the_bundle_verifies_without_recomputing():
    report = verified(bundle_bytes(build_record(visibility="aggregate")))
    assert report.ok, report.summary
    assert "not recomputable (the record holds only vote totals)" in report.summary


def test_a_changed_csv_names_the_file_and_line():
    files = files_of(DATA)
    comments = files["comments.csv"].replace(b",5,3,0,", b",6,3,0,", 1)
    report = verified(with_file(DATA, "comments.csv", comments))
    assert report.problems == ("comments.csv: line 2 differs from what the record implies",)


def test_a_file_the_record_does_not_imply_is_refused():
    report = verified(with_file(DATA, "extra.csv", b"a,b\n"))
    assert report.problems == ("extra.csv: not a file this record implies",)


@pytest.mark.parametrize("name", ["analysis.json", "votes.csv"])
def test_a_missing_file_the_record_implies_is_named(name):
    files = {k: v for k, v in files_of(DATA).items() if k != name}
    report = verified(rezip(files))
    assert report.problems[0].startswith(f"{name}: missing")


def test_the_engine_version_of_a_published_analysis_is_read_for_the_mismatch_message():
    from parley.record.analysis_check import engine_version

    assert engine_version(b'{"meta": {"engine": {"name": "parley.engine", "version": "1.0.0"}}}') == "1.0.0"
    assert engine_version(b"not json") == ""
    assert engine_version(None) == ""
