"""`parley verify BUNDLE --receipt FILE`: check a voter's receipt against a bundle's batches."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO

from parley.record.bundle import RECORD, Limits, read_bundle
from parley.record.replay import ReplayError, replay
from parley.record.tally import TallyError, check_receipt, read_receipt


def check_receipt_file(bundle: str | Path | IO[bytes], receipt: bytes, limits: Limits | None = None) -> list[str]:
    """Return one line per vote of the RECEIPT file: in which batch of BUNDLE's record it is.

    Raise TallyError for a receipt that is malformed, for another dialogue, or not borne out by the
    record (a vote missing from the batch its receipt names, or not matching its commitment).
    """
    parsed = read_receipt(receipt)
    lines = read_bundle(bundle, limits=limits).files[RECORD].split(b"\n")
    try:
        state = replay([json.loads(line) for line in lines if line])
    except (ReplayError, ValueError) as error:
        raise TallyError(f"the bundle's record cannot be replayed: {error}") from None
    return check_receipt(parsed, state.slug, state.batches + state.joint_batches)
