"""The published analysis is re-run field by field: last-digit noise passes, a wrong analysis does not."""

import json
from io import BytesIO
from pathlib import Path

from parley.engine import analyze
from parley.engine.analysis import ENGINE_VERSION
from parley.record.analysis_check import compare_analyses, within_tolerance
from parley.record.replay import engine_input, replay
from parley.record.tests.bundles import bundle_bytes
from parley.record.tests.records import build_record, parsed
from parley.record.verifier import verify_bundle

RECORD = build_record()
PUBLISHED = json.loads(RECORD.analysis_json or "")
WHERE = "record.jsonl entry 122 (analysis.published): re-running the analysis on entries 0–121 gives another result"


def as_published(analysis: dict) -> str:
    """The analysis in the engine's own JSON spelling, so only the values changed."""
    return json.dumps(analysis, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False)


def verified_with(analysis: dict):
    return verify_bundle(BytesIO(bundle_bytes(build_record(analysis=as_published(analysis)))))


def changed(path: tuple, value) -> dict:
    analysis = json.loads(json.dumps(PUBLISHED))
    node = analysis
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return analysis


def test_a_rerun_whose_numbers_differ_only_in_the_last_digits_verifies_and_says_by_how_much():
    x = PUBLISHED["statements"][2]["x"]
    report = verified_with(changed(("statements", 2, "x"), x * (1 + 3e-10)))
    assert report.ok, report.summary
    assert "analysis of entry 122 reproduced from entries 0–121 within tolerance: 1 number differs" in report.summary
    assert "(statements[2].x; tolerance 1e-06 relative or 1e-09 absolute)" in report.summary
    # Entries written before analyses named their libraries verify all the same.
    assert "  published with libraries not recorded\n  re-run here with numpy " in report.summary


def test_a_number_moved_beyond_the_tolerance_is_refused_by_its_path():
    y = PUBLISHED["participants"][4]["y"]
    report = verified_with(changed(("participants", 4, "y"), y + 1e-4))
    assert report.problems == (
        f"{WHERE}: participants[4].y: published {y + 1e-4!r}, re-run {y!r} "
        "(tolerance 1e-06 relative or 1e-09 absolute)",
    )


def test_a_changed_group_is_refused_naming_the_participant():
    group = PUBLISHED["participants"][5]["group"]
    report = verified_with(changed(("participants", 5, "group"), 1 - group))
    assert report.problems == (f"{WHERE}: participants[5].group: published {1 - group}, re-run {group}",)


def test_a_changed_count_is_refused_however_small():
    agree = PUBLISHED["statements"][0]["n_agree"]
    report = verified_with(changed(("statements", 0, "n_agree"), agree + 1))
    assert report.problems == (f"{WHERE}: statements[0].n_agree: published {agree + 1}, re-run {agree}",)


def test_an_analysis_of_fewer_votes_that_claims_the_whole_record_is_refused():
    # Entries 118–121 are four changed votes; an analysis computed before them claims entries 0–121.
    earlier = analyze(**engine_input(replay(parsed(RECORD.entries[:118])))).to_json(timings=False)
    assert earlier != RECORD.analysis_json
    report = verify_bundle(BytesIO(bundle_bytes(build_record(analysis=earlier))))
    # A discrete difference is named before the numbers that moved.
    assert report.problems == (
        f'{WHERE}: groups[0].representative[0].statement: published "4", re-run "6" (and 124 more)',
    )
    # Computed on 51 of the 80 latest votes, it differs in what it found and in its counts.
    fewer = analyze(**engine_input(replay(parsed(RECORD.entries[:82])))).to_json(timings=False)
    report = verify_bundle(BytesIO(bundle_bytes(build_record(analysis=fewer))))
    assert report.problems[0].startswith(f"{WHERE}: ") and "tolerance" not in report.problems[0]
    assert json.loads(fewer)["meta"]["input"]["votes"] < PUBLISHED["meta"]["input"]["votes"]


def test_an_analysis_published_by_engine_1_1_0_still_verifies_with_its_last_digits_moved():
    # What engine 1.1.0 published for this very record (build_record), before the decisions were
    # made noise-proof: same groups and counts, some numbers a few last digits away; and before
    # 1.3.0 replaced common_ground, common_ground_lower and divide by `evidence` (parley.engine.legacy).
    text = (Path(__file__).parent / "data" / "analysis-engine-1.1.0.json").read_text(encoding="utf-8")
    assert json.loads(text)["meta"]["engine"]["version"] == "1.1.0" and text != RECORD.analysis_json
    report = verify_bundle(BytesIO(bundle_bytes(build_record(analysis=text))))
    assert report.ok, report.summary
    assert "reproduced from entries 0–121 within tolerance" in report.summary
    assert f"published by engine 1.1.0, re-run by engine {ENGINE_VERSION}" in report.summary


def test_every_difference_is_named_by_its_path_and_counted():
    published = {"meta": {"k": 2, "name": "a"}, "groups": [{"id": 0, "members": [1, 2]}], "x": 0.5}
    rerun = {"meta": {"k": 3, "name": "a", "extra": True}, "groups": [{"id": 0, "members": [1]}], "x": None}
    comparison = compare_analyses(published, rerun)
    assert not comparison.ok
    assert comparison.problem == "groups[0].members: published 2 items, re-run 1"
    assert comparison.problems == 4
    assert compare_analyses({"meta": {"k": 2}}, {"meta": {"k": 3}}).problem == "meta.k: published 2, re-run 3"
    assert compare_analyses({"a": 1}, {"a": 1.0}).problem == "a: published 1, re-run 1.0"
    side = compare_analyses({"s": {"2": 0.5}}, {"s": {"2": 0.6}})
    assert side.problem is not None and side.problem.startswith('s["2"]: published 0.5, re-run 0.6')
    assert compare_analyses({"x": 1}, {}).problem == "x: in the published analysis, not in the re-run"


def test_the_tolerance_is_relative_for_large_numbers_and_absolute_near_zero():
    assert within_tolerance(1000.0, 1000.0009) and not within_tolerance(1000.0, 1000.002)
    assert within_tolerance(1e-12, -1e-12) and not within_tolerance(1e-8, -1e-8)
    comparison = compare_analyses({"a": [0.25, 3.0]}, {"a": [0.25, 3.0 * (1 + 2e-10)]})
    assert comparison.ok and comparison.floats_differing == 1 and comparison.largest_at == "a[1]"
