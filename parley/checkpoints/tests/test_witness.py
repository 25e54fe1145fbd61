"""A witness in its own process follows a live server's checkpoints and catches a rewritten history."""

import subprocess
import sys
from pathlib import Path

import pytest

from parley.checkpoints import actions as record_actions
from parley.dialogues import actions
from parley.ledger.models import RecordEntry
from parley.record import canonical_json, parse_canonical
from parley.testing.personas import build_world
from parley.testing.tampering import overwrite_entry

ROOT = Path(__file__).resolve().parents[3]


def witness(url: str, state: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "parley.cli", "witness", url, "--state", str(state)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def rewrite_entry(entry: RecordEntry, **payload) -> None:
    """Edit an entry's payload in place and re-hash it."""
    body = parse_canonical(bytes(entry.data))
    assert isinstance(body, dict) and isinstance(body["payload"], dict)
    body["payload"].update(payload)
    overwrite_entry(entry, canonical_json(body))


@pytest.mark.django_db(transaction=True)
def test_a_witness_follows_the_record_and_raises_the_alarm_when_history_is_rewritten(live_server, tmp_path):
    world = build_world(slug="witnessed")
    url = f"{live_server.url}/d/witnessed/"
    state = tmp_path / "witness.json"

    record_actions.do_make_checkpoint(world.dialogue.pk)
    first = witness(url, state)
    assert first.returncode == 0, first.stderr
    assert "1 checkpoints consistent" in first.stdout and state.exists()

    statement = world.statement("alice", "The record only grows.")
    actions.do_cast_vote(world.bella, statement.pk, "agree")
    record_actions.do_make_checkpoint(world.dialogue.pk)
    grown = witness(url, state)
    assert grown.returncode == 0, grown.stderr

    # The host rewrites an old entry (a vote changes side) and signs a new checkpoint over it.
    vote = RecordEntry.objects.filter(dialogue=world.dialogue, type="vote.cast").first()
    assert vote is not None
    rewrite_entry(vote, value=-1)
    actions.do_cast_vote(world.bashir, statement.pk, "pass")
    record_actions.do_make_checkpoint(world.dialogue.pk)
    alarm = witness(url, state)
    assert alarm.returncode == 3, alarm.stdout + alarm.stderr
    assert "ALARM" in alarm.stderr and "rewritten" in alarm.stderr


def test_a_witness_without_a_server_says_so_and_gives_no_verdict(tmp_path):
    result = witness("http://127.0.0.1:9/d/nowhere/", tmp_path / "state.json")
    assert result.returncode == 2 and "could not read" in result.stderr
    result = witness("not a url", tmp_path / "state.json")
    assert result.returncode == 2 and "not the address" in result.stderr
