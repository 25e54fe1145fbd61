"""`parley verify`: check an open-data bundle offline, with no database and no network."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from parley.record.bundle import DEFAULT_MAX_FILES, DEFAULT_MAX_SIZE, BundleError, BundleLimitError, Limits, format_size
from parley.record.canonical import canonical_json, load_json
from parley.record.checkpoint import CheckpointError
from parley.record.receipts import check_receipt_file
from parley.record.tally import TallyError, read_receipt
from parley.record.verifier import verify_bundle

# The exit codes are documented in the README's command table and docs/record-format.md.
EXIT_FAILED = 1  # a check failed: the bundle was changed, or is not what the record implies
EXIT_UNUSABLE = 2  # the input cannot be read as a bundle or checkpoint
EXIT_UNVOUCHED = 3  # the bytes are consistent, but no checkpoint vouches for all of the record

_RAISE_LIMIT = {
    "size": "--max-size SIZE (or PARLEY_VERIFY_MAX_SIZE), e.g. --max-size 2G",
    "files": "--max-files N (or PARLEY_VERIFY_MAX_FILES)",
}


class Size(click.ParamType):
    """A size in bytes, written 700000000, 512M, 2G or 1.5GiB (K, M, G, T are powers of 1024)."""

    name = "size"
    _UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        match = re.fullmatch(r"\s*(\d{1,15}(?:\.\d{1,6})?)\s*([KMGT]?)(?:i?B)?\s*", str(value), re.IGNORECASE)
        if not match:
            self.fail(f"{value!r} is not a size such as 512M, 2G or 1000000", param, ctx)
        size = int(float(match.group(1)) * self._UNITS[match.group(2).upper()])
        if size < 1:
            self.fail(f"{value!r} is not a size above 0", param, ctx)
        return size


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
@click.option(
    "--max-size",
    type=Size(),
    default=DEFAULT_MAX_SIZE,
    envvar="PARLEY_VERIFY_MAX_SIZE",
    show_envvar=True,
    show_default=format_size(DEFAULT_MAX_SIZE),
    help="Refuse a bundle whose files unpack to more than SIZE bytes (each, and all together), e.g. 2G.",
)
@click.option(
    "--max-files",
    type=click.IntRange(min=1),
    metavar="N",
    default=DEFAULT_MAX_FILES,
    envvar="PARLEY_VERIFY_MAX_FILES",
    show_envvar=True,
    show_default=True,
    help="Refuse a bundle of more than N files.",
)
def verify(
    bundle: Path, checkpoint_file: Path | None, receipt_file: Path | None, max_size: int, max_files: int
) -> None:
    """Verify the bundle BUNDLE: entries, Merkle roots, signatures, CSVs and the analysis.

    Exit 0 when every check holds, 1 when one fails (the message names the entry or file),
    2 when the input cannot be used at all (not a zip, larger than the limits, a file missing),
    and 3 when the record is consistent but no checkpoint vouches for all of it.
    """
    limits = Limits(max_size=max_size, max_files=max_files)
    try:
        earlier = _read_checkpoint(checkpoint_file, limits) if checkpoint_file is not None else None
        receipt = _read_receipt(receipt_file, limits) if receipt_file is not None else None
        report = verify_bundle(bundle, earlier_checkpoint=earlier, limits=limits)
    except BundleLimitError as error:
        _unusable(f"{error}; if you trust this bundle, raise the limit with {_RAISE_LIMIT[error.limit]}")
    except (BundleError, CheckpointError, TallyError) as error:
        _unusable(str(error))
    except (MemoryError, RecursionError) as error:
        _unusable(f"the bundle is too large or too deeply nested to check on this computer ({type(error).__name__})")
    except Exception as error:  # the last line of defence: a message and exit 2, never a traceback
        _unusable(
            f"the bundle could not be checked: {type(error).__name__}: {error} "
            "(a defect in parley verify: please report it, with the bundle if you can)"
        )
    click.echo(report.summary)
    if report.state == "failed":
        sys.exit(EXIT_FAILED)
    if receipt is not None:
        _verify_receipt(bundle, receipt, limits)
    if report.state == "unvouched":
        sys.exit(EXIT_UNVOUCHED)


def _read_receipt(path: Path, limits: Limits) -> bytes:
    try:
        if path.stat().st_size > limits.max_size:
            raise TallyError(f"{path} is larger than {format_size(limits.max_size)}, so it is no receipt")
        data = path.read_bytes()
    except OSError as error:
        raise TallyError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        read_receipt(data)
        # Parley writes receipts in canonical JSON's range: no floats, no integers past 2**53, no lone
        # surrogates. Anything else is not a receipt of ours, and would only fail later, less clearly.
        canonical_json(load_json(data))
    except TallyError as error:
        raise TallyError(f"{path}: {error}") from None
    except (ValueError, RecursionError) as error:
        raise TallyError(f"{path}: not a receipt Parley wrote ({error})") from None
    return data


def _verify_receipt(bundle: Path, receipt: bytes, limits: Limits) -> None:
    try:
        lines = check_receipt_file(bundle, receipt, limits)
    except TallyError as error:
        click.echo(f"receipt FAILED: {error}")
        sys.exit(EXIT_FAILED)
    except Exception as error:  # the same last line of defence as for the bundle: a message, exit 2
        _unusable(f"the receipt could not be checked: {type(error).__name__}: {error}")
    for line in lines:
        click.echo(line)
    click.echo("the receipt's votes are in the record as it says")


def _unusable(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_UNUSABLE)


def _read_checkpoint(path: Path, limits: Limits) -> dict[str, Any]:
    try:
        if path.stat().st_size > limits.max_size:
            raise CheckpointError(f"{path} is larger than {format_size(limits.max_size)}, so it is no saved checkpoint")
        data = load_json(path.read_bytes())
    except OSError as error:
        raise CheckpointError(f"cannot read {path}: {error.strerror or error}") from None
    except json.JSONDecodeError:
        raise CheckpointError(f"{path} is not a JSON file") from None
    if isinstance(data, dict) and isinstance(data.get("checkpoints"), list) and data["checkpoints"]:
        data = data["checkpoints"][-1]
    if not isinstance(data, dict):
        raise CheckpointError(f"{path} holds no signed checkpoint")
    return data
