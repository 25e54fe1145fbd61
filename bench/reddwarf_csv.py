"""red-dwarf's whole run on a Pol.is export folder, as a user of it would write it.

red-dwarf reads exports only from a Pol.is server (its `Loader` reads local
JSON files, not CSV), so this is the shortest faithful path from files: pandas
reads votes.csv, each voter's latest vote per comment is kept (red-dwarf's
vote matrix refuses a second vote on a cell), and its Pol.is pipeline
(`reddwarf.implementations.polis.run_pipeline`, PCA and k-means) runs on
those votes as its list of dicts.

Run: python -m bench.reddwarf_csv FOLDER
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from reddwarf.implementations.polis import run_pipeline


def main(folder: Path) -> int:
    votes = pd.read_csv(folder / "votes.csv", usecols=["timestamp", "comment-id", "voter-id", "vote"])
    votes = votes.sort_values("timestamp", kind="stable").drop_duplicates(["voter-id", "comment-id"], keep="last")
    votes = votes.rename(columns={"voter-id": "participant_id", "comment-id": "statement_id", "timestamp": "modified"})
    result = run_pipeline(votes=votes.to_dict("records"), random_state=0)
    labels = result.clusterer.labels_ if result.clusterer is not None else []
    print(f"{len(votes)} votes; {int(max(labels)) + 1 if len(labels) else 0} groups")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
