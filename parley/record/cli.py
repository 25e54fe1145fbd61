"""`parley verify`: check an open-data bundle offline, with no database and no network."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from parley.record.bundle import BundleError
from parley.record.checkpoint import CheckpointError
from parley.record.receipts import check_receipt_file
from parley.record.tally import TallyError, read_receipt
from parley.record.verifier import verify_bundle

# The exit codes are documented in the README's command table and docs/record-format.md.
EXIT_FAILED = 1  # a check failed: the bundle was changed, or is not what the record implies
EXIT_UNUSABLE = 2  # the input cannot be read as a bundle or checkpoint
EXIT_UNVOUCHED = 3  # the bytes are consistent, but no checkpoint vouches for all of the record


@click.command("verify")
@click.argument("bundle", type=click.Path(path_type=Path))
@click.option(
    "--checkpoint",
    "checkpoint_file",
    type=click.Path(path_type=Path),
    help="A signed checkpoint saved earlier (JSON, or a checkpoints.json whose latest is used).",
)
@click.option(
    "--receipt",
    "receipt_file",
    type=click.Path(path_type=Path),
    help='A vote receipt (JSON from "My votes"): check that each vote is in the batch it names.',
)
def verify(bundle: Path, checkpoint_file: Path | None, receipt_file: Path | None) -> None:
    """Verify the bundle BUNDLE: entries, Merkle roots, signatures, CSVs and the analysis.

    Exits 0 when every check holds, 1 when one fails (tampering), 2 for unusable input, and 3 when
    the record is consistent but no checkpoint vouches for all of it."""
    try:
        earlier = _read_checkpoint(checkpoint_file) if checkpoint_file is not None else None
        receipt = _read_receipt(receipt_file) if receipt_file is not None else None
        report = verify_bundle(bundle, earlier_checkpoint=earlier)
    except (BundleError, CheckpointError, TallyError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_UNUSABLE)
    click.echo(report.summary)
    if report.state == "failed":
        sys.exit(EXIT_FAILED)
    if receipt is not None:
        _verify_receipt(bundle, receipt)
    if report.state == "unvouched":
        sys.exit(EXIT_UNVOUCHED)


def _read_receipt(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise TallyError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        read_receipt(data)
    except TallyError as error:
        raise TallyError(f"{path}: {error}") from None
    return data


def _verify_receipt(bundle: Path, receipt: bytes) -> None:
    try:
        lines = check_receipt_file(bundle, receipt)
    except TallyError as error:
        click.echo(f"receipt FAILED: {error}")
        sys.exit(EXIT_FAILED)
    for line in lines:
        click.echo(line)
    click.echo("the receipt's votes are in the record as it says")


def _read_checkpoint(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CheckpointError(f"cannot read {path}: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CheckpointError(f"{path} is not a JSON file") from None
    if isinstance(data, dict) and isinstance(data.get("checkpoints"), list) and data["checkpoints"]:
        data = data["checkpoints"][-1]
    if not isinstance(data, dict):
        raise CheckpointError(f"{path} holds no signed checkpoint")
    return data
