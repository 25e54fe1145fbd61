"""Write a synthetic conversation as a Pol.is export folder: votes.csv and comments.csv.

The votes are `parley.engine.synthetic.two_sided`'s, in Pol.is's own layout
(`timestamp,datetime,comment-id,voter-id,vote`, agree = 1), so that the
benchmarks time what a user runs: a command reading files from disk.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from parley.engine.synthetic import two_sided
from parley.record.opendata import COMMENTS_HEADER

# Pol.is timestamps are milliseconds; the synthetic ones count votes, so spread them over a few weeks.
START_MS = 1_700_000_000_000
STEP_MS = 397


def write_folder(
    folder: Path, n_participants: int, n_statements: int, n_votes: int, *, revote_rate: float = 0.0, seed: int = 0
) -> Path:
    """Write the conversation into FOLDER (created); return FOLDER."""
    folder.mkdir(parents=True, exist_ok=True)
    conversation = two_sided(n_participants, n_statements, n_votes, revote_rate=revote_rate, seed=seed)
    votes = conversation.votes
    assert votes.timestamp is not None
    millis = START_MS + votes.timestamp.astype(np.int64) * STEP_MS
    stamps = pa.array(millis, pa.int64())
    seconds = pc.divide(stamps, 1000).cast(pa.timestamp("s"))
    table = pa.table(
        {
            "timestamp": stamps,
            "datetime": pc.strftime(seconds, format="%a %b %d %Y %H:%M:%S GMT+0000"),
            "comment-id": pa.array(votes.statement.astype(np.int64)),
            "voter-id": pa.array(votes.participant.astype(np.int64)),
            "vote": pa.array(votes.value),
        }
    )
    with (folder / "votes.csv").open("wb") as handle:
        handle.write(b"timestamp,datetime,comment-id,voter-id,vote\n")
        options = pacsv.WriteOptions(include_header=False, quoting_style="none")
        pacsv.write_csv(table, handle, write_options=options)
    with (folder / "comments.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COMMENTS_HEADER)
        writer.writerows([START_MS, "", s, 0, 0, 0, 1, f"Statement {s}"] for s in range(n_statements))
    with (folder / "sides.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["participant", "side"])
        writer.writerows([p, conversation.sides[p]] for p in sorted(conversation.sides, key=int))
    return folder


if __name__ == "__main__":
    target, *sizes = sys.argv[1:]
    write_folder(Path(target), *(int(s) for s in sizes))
