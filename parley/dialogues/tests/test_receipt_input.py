"""`parley verify --receipt` on receipts Parley never wrote: a clear refusal (exit 2), never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.analysis.tasks import analyse_now
from parley.checkpoints import actions as record_actions
from parley.cli.verify import verify as verify_command
from parley.dialogues import queries
from parley.dialogues.models import Dialogue, Membership
from parley.dialogues.tests.test_vote_batches import secret  # noqa: F401  (the totals-only world)
from parley.publicrecord.export import export_bundle

pytestmark = pytest.mark.django_db


def test_receipts_with_values_parley_never_writes_are_refused_as_unusable(secret, tmp_path: Path):  # noqa: F811
    secret.vote("alice aysel farid", 1)
    secret.vote("bella bashir narek lilit", -1)
    analyse_now(secret.dialogue.pk)
    record_actions.do_make_checkpoint(secret.dialogue.pk)
    bundle = tmp_path / "bundle.zip"
    with bundle.open("wb") as out:
        export_bundle(Dialogue.objects.get(pk=secret.dialogue.pk), out)
    receipt = json.loads(queries.my_receipt(Membership.objects.get(pk=secret.alice.pk)))
    forgeries = {
        "float": lambda r: r["votes"][0].update(value=1.0),
        "huge member": lambda r: r.update(member=2**70),
        "lone surrogate": lambda r: r["votes"][0].update(clause="\ud800"),
    }
    for name, forge in forgeries.items():
        forged = json.loads(json.dumps(receipt))
        forge(forged)
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(forged))
        result = CliRunner().invoke(verify_command, [str(bundle), "--receipt", str(path)])
        assert result.exit_code == 2, (name, result.output)
        assert "not a receipt Parley wrote" in result.output, (name, result.output)
    digits = tmp_path / "digits.json"
    digits.write_text(
        json.dumps(receipt).replace(f'"statement": {receipt["votes"][0]["statement"]}', '"statement": ' + "9" * 5000)
    )
    result = CliRunner().invoke(verify_command, [str(bundle), "--receipt", str(digits)])
    assert result.exit_code == 2 and "defect" not in result.output
    # A bundle verified under raised limits is read for the receipt under the same limits.
    (tmp_path / "good.json").write_text(json.dumps(receipt))
    result = CliRunner().invoke(
        verify_command,
        [str(bundle), "--max-size", str(bundle.stat().st_size * 50), "--receipt", str(tmp_path / "good.json")],
    )
    assert result.exit_code == 0, result.output
