"""A Pol.is export becomes a closed dialogue whose record replays to the same votes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from parley.dialogues.access import ActionError
from parley.dialogues.models import Dialogue, Vote
from parley.engine import VoteTable
from parley.engine.io import Dataset
from parley.ledger.models import RecordEntry
from parley.publicrecord.importer import do_import_polis

ROOT = Path(__file__).resolve().parents[3]
SEATTLE = ROOT.parent / "shared" / "data" / "polis" / "opendata" / "15-per-hour-seattle"

pytestmark = pytest.mark.django_db


def small_dataset():
    votes = VoteTable.from_records(
        [("1", "10", 1, 1.0), ("2", "10", -1, 2.0), ("1", "11", 0, 3.0), ("1", "10", -1, 4.0)]
    )
    return Dataset(
        votes=votes,
        texts={"10": "Rivers first.", "11": "Roads second.", "12": "Unvoted."},
        moderated_out=frozenset({"11"}),
    )


def test_an_export_becomes_a_closed_dialogue_with_its_latest_votes_and_full_history():
    dialogue = do_import_polis(small_dataset(), title="Small talk", sides={"1": "AZ", "2": "AM"})
    assert dialogue.status == Dialogue.Status.CLOSED
    assert sorted(s.label for s in dialogue.sides.all()) == ["AM", "AZ"]
    latest = {
        (v.membership.handle, v.statement.text): v.value for v in Vote.objects.filter(statement__dialogue=dialogue)
    }
    assert latest == {
        ("participant 1", "Rivers first."): -1,
        ("participant 2", "Rivers first."): -1,
        ("participant 1", "Roads second."): 0,
    }
    types = list(RecordEntry.objects.filter(dialogue=dialogue).values_list("type", flat=True))
    assert types.count("vote.cast") == 4 and types.count("statement.moderated") == 1
    assert list(RecordEntry.objects.filter(dialogue=dialogue).values_list("seq", flat=True)) == list(range(len(types)))


def test_a_sides_file_must_place_every_voter_on_one_of_two_sides():
    with pytest.raises(ActionError, match="have no side"):
        do_import_polis(small_dataset(), title="x", sides={"1": "AZ"})
    with pytest.raises(ActionError, match="two sides"):
        do_import_polis(small_dataset(), title="x", sides={"1": "AZ", "2": "AM", "3": "XX"})
    assert not Dialogue.objects.exists()


@pytest.mark.skipif(not SEATTLE.exists(), reason="needs ../shared/data")
def test_the_command_imports_a_real_polis_conversation(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["PARLEY_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "parley.cli", "import-polis", str(SEATTLE)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "2995 votes" in result.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "parley.cli", "import-polis", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "no votes.csv" in bad.stderr and "Traceback" not in bad.stderr
