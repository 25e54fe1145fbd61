"""Every analysis run is recorded as analysis.recorded; records that named it analysis.published still read alike."""

import json
import zipfile
from io import BytesIO

from parley.record.entries import ANALYSIS_RUN_RECORDED, ANALYSIS_RUN_RECORDED_LEGACY
from parley.record.replay import replay
from parley.record.tests.bundles import bundle_bytes
from parley.record.tests.records import build_record, parsed
from parley.record.verifier import verify_bundle


def test_an_analysis_run_under_its_new_name_replays_and_verifies_as_one_under_the_old_name_does():
    new, old = build_record(analysis_type=ANALYSIS_RUN_RECORDED), build_record()
    assert [e["type"] for e in parsed(new.entries)][-1] == "analysis.recorded"
    assert [e["type"] for e in parsed(old.entries)][-1] == "analysis.published"
    new_run, old_run = replay(parsed(new.entries)).analyses, replay(parsed(old.entries)).analyses
    assert [(a.seq, a.upto, a.result_sha256, a.type) for a in new_run] == [
        (122, 122, old_run[0].result_sha256, "analysis.recorded")
    ]
    assert old_run[0].type == ANALYSIS_RUN_RECORDED_LEGACY
    new_report = verify_bundle(BytesIO(bundle_bytes(new)))
    old_report = verify_bundle(BytesIO(bundle_bytes(old)))
    assert new_report.ok and old_report.ok, (new_report.summary, old_report.summary)
    assert new_report.analysis == old_report.analysis
    assert "analysis of entry 122 reproduced from entries 0–121" in new_report.summary


def test_a_changed_analysis_is_refused_naming_the_entry_by_the_name_it_was_written_under():
    published = json.loads(build_record().analysis_json or "")
    published["statements"][2]["x"] *= 2
    text = json.dumps(published, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False)
    report = verify_bundle(BytesIO(bundle_bytes(build_record(analysis=text, analysis_type=ANALYSIS_RUN_RECORDED))))
    assert not report.ok
    assert report.problems[0].startswith(
        "record.jsonl entry 122 (analysis.recorded): re-running the analysis on entries 0–121 gives another result"
    )


def test_the_readme_names_the_analysis_entry_as_the_record_writes_it_and_an_earlier_readme_is_unchanged():
    def readmes(record) -> list[str]:
        with zipfile.ZipFile(BytesIO(bundle_bytes(record))) as bundle:
            return [bundle.read(name).decode() for name in bundle.namelist() if name.startswith("README")]

    new, old = readmes(build_record(analysis_type=ANALYSIS_RUN_RECORDED)), readmes(build_record())
    assert new and all("`analysis.recorded`" in text and "`analysis.published`" not in text for text in new)
    assert old and all("`analysis.published`" in text and "`analysis.recorded`" not in text for text in old)
