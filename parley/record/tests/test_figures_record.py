"""The figures as the record implies them, as the bundle states them, and bundles made before them."""

from __future__ import annotations

import json

from parley.record.figures import Figures, SideFigures, describe, from_state
from parley.record.figures_texts import TEXTS
from parley.record.opendata import derived_files
from parley.record.replay import replay
from parley.record.tests.bundles import bundle_bytes, files_of, rezip
from parley.record.tests.records import build_record
from parley.record.verifier import verify_bundle
from parley.testing import figures as read

RECORD = build_record()
STATE = replay([json.loads(entry) for entry in RECORD.entries])
FILES = files_of(bundle_bytes(RECORD))

# Ten members (a co-chair, a moderator and three participants per side) each write or vote on all
# eight statements; statement 8 is removed (statement 5 was moderated and kept); then Rashad (AZ)
# changes his vote twice and Aysel (AZ) and Narine (AM) once.
EXPECTED = Figures(
    sides=(
        SideFigures("AZ", participants=5, voters=5, current_votes=35, votes_cast=4 + 40 + 3),
        SideFigures("AM", participants=5, voters=5, current_votes=35, votes_cast=4 + 40 + 1),
    ),
    statements_visible=7,
    statements_on_hold=0,
    statements_removed=1,
)


def test_the_record_implies_each_figure_by_its_definition():
    assert from_state(STATE) == EXPECTED
    assert describe(EXPECTED) == (
        "10 participants (AZ 5, AM 5), 10 voters, 8 statements (7 visible, 0 on hold, 1 removed), "
        "70 current votes, 92 votes cast"
    )


def test_every_readme_and_summary_of_the_bundle_states_the_figures_with_their_definitions():
    expected = read.normal(EXPECTED)
    for language, suffix in (("en", ""), ("az", ".az"), ("hy", ".hy"), ("ru", ".ru")):
        readme = FILES[f"README{suffix}.md"].decode()
        assert read.from_readme(readme, language) == expected, language
        assert read.from_summary(FILES[f"summary{suffix}.csv"], 2) == expected, language
        for name, definition in TEXTS[language].values():
            if definition and name != TEXTS[language]["not_published"][0]:
                assert f"{name}: " in readme and definition in readme, (language, name)


def test_a_bundle_made_before_the_figures_still_verifies_and_a_changed_one_does_not():
    before = derived_files(STATE, RECORD.analysis_json, legacy=True)
    assert b"10 members, 8 statements, 92 public votes" in before["README.md"]
    older = {**FILES, **{name: data for name, data in before.items() if name.startswith(("README", "summary"))}}
    assert older != FILES and verify_bundle(rezip(older)).ok
    changed = {**older, "README.md": older["README.md"].replace(b"92 public votes", b"93 public votes")}
    report = verify_bundle(rezip(changed))
    assert not report.ok and "README.md" in " ".join(report.problems)
