"""Adjusted Rand index of Parley's and red-dwarf's groups against Pol.is's own groups.

Pol.is's groups come from `group-id` in each open-data export, from
`math-pca2.json` for the math outputs and from `expected-groups.csv` for the
same outputs in export format. The ARI is taken over participants that both
the tool and Pol.is clustered; Parley's is also given for random_state 0-4
(lowest-highest), since its random starts are seeded. Run from the repository root:
python -m bench.agreement_with_polis
"""

from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path

import numpy as np

from bench.harness import table
from parley.engine import read_folder
from parley.engine.clusters import adjusted_rand_index
from parley.engine.matrix import VoteMatrix
from parley.engine.opinion import OpinionMapper


def _shared_polis() -> Path:
    """Return shared/data/polis beside the repository (or beside any folder above it)."""
    for folder in Path(__file__).resolve().parents[1:]:
        if (folder / "shared" / "data" / "polis").is_dir():
            return folder / "shared" / "data" / "polis"
    raise SystemExit("shared/data/polis not found beside the repository")


DATA = _shared_polis()
SEEDS = range(5)


def polis_groups_from_export(folder: Path) -> dict[str, int]:
    with (folder / "participants-votes.csv").open(newline="") as handle:
        return {r["participant"]: int(r["group-id"]) for r in csv.DictReader(handle) if r["group-id"]}


def polis_groups_from_expected(folder: Path) -> dict[str, int]:
    with (folder / "expected-groups.csv").open(newline="") as handle:
        return {r["participant"]: int(r["group"]) for r in csv.DictReader(handle) if r["group"] != ""}


def polis_groups_from_math(folder: Path) -> dict[str, int]:
    math = json.loads((folder / "math-pca2.json").read_text())
    base = dict(zip(math["base-clusters"]["id"], math["base-clusters"]["members"], strict=True))
    return {str(p): g["id"] for g in math["group-clusters"] for b in g["members"] for p in base[b]}


def parley_groups(data, random_state: int = 0) -> dict[str, int]:
    matrix = VoteMatrix.from_table(data.votes, statements=data.texts)
    mapper = OpinionMapper(random_state=random_state)
    opinion = mapper.fit(matrix, matrix.column_mask(data.moderated_out | data.meta)).map_
    return {p: int(g) for p, g in zip(matrix.participants, opinion.groups, strict=True) if g >= 0}


def reddwarf_groups(data) -> dict[str, int]:
    from reddwarf.implementations.polis import run_pipeline

    votes = data.votes
    stamps = votes.timestamp if votes.timestamp is not None else np.arange(len(votes), dtype=float)
    records = [
        {"participant_id": int(p), "statement_id": int(s), "vote": int(v), "modified": float(t)}
        for p, s, v, t in zip(votes.participant, votes.statement, votes.value, stamps, strict=True)
    ]
    latest: dict[tuple[object, object], dict] = {}
    for record in sorted(records, key=lambda r: r["modified"]):
        latest[(record["participant_id"], record["statement_id"])] = record
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = run_pipeline(
            votes=list(latest.values()),
            mod_out_statement_ids=sorted(int(s) for s in data.moderated_out | data.meta),
            meta_statement_ids=sorted(int(s) for s in data.meta),
            random_state=0,
        )
    labels = result.participants_df["cluster_id"].dropna()
    return {str(p): int(g) for p, g in labels.items()}


def ari(ours: dict[str, int], theirs: dict[str, int]) -> tuple[float, int]:
    common = sorted(set(ours) & set(theirs))
    if len(common) < 2:
        return float("nan"), len(common)
    return adjusted_rand_index(np.array([ours[p] for p in common]), np.array([theirs[p] for p in common])), len(common)


def main() -> None:
    rows = []
    cases = [("opendata", f, polis_groups_from_export) for f in sorted((DATA / "opendata").iterdir())]
    cases += [("math", f, polis_groups_from_math) for f in sorted((DATA / "math").iterdir())]
    cases += [("math-export", f, polis_groups_from_expected) for f in sorted((DATA / "math-export").iterdir())]
    for kind, folder, truth_of in cases:
        if kind == "opendata" and "group-id" not in (folder / "participants-votes.csv").open().readline():
            continue
        data = read_folder(folder)
        truth = truth_of(folder)
        ours, n_ours = ari(parley_groups(data), truth)
        # How much the seeded random starts (Lanczos, k-means++) move the result.
        seeded = [ari(parley_groups(data, seed), truth)[0] for seed in SEEDS]
        spread = f"{min(seeded):.3f}-{max(seeded):.3f}"
        try:
            theirs, n_theirs = ari(reddwarf_groups(data), truth)
            peer: list[object] = [theirs, n_theirs]
        except Exception as error:  # A peer failing is a result to report.
            peer = [float("nan"), f"failed: {type(error).__name__}"]
        rows.append([f"{kind}/{folder.name}", len(truth), ours, spread, n_ours, *peer])
        print(rows[-1], flush=True)
    seeds = f"Parley, seeds {SEEDS[0]}-{SEEDS[-1]}"
    print(table(rows, ["conversation", "Pol.is clustered", "Parley ARI", seeds, "n", "red-dwarf ARI", "n"]))


if __name__ == "__main__":
    main()
