"""Parley's opinion groups agree with Pol.is's own groups on real conversations.

Pol.is's groups are the `group-id` column of each open-data export. The floors sit just under
what Parley measured (bench/agreement_with_polis.py); red-dwarf's adjusted Rand index on the
same participants is given beside each for comparison.
"""

from __future__ import annotations

import csv

import numpy as np
import pytest

from parley.engine import read_folder
from parley.engine.clusters import adjusted_rand_index
from parley.engine.matrix import VoteMatrix
from parley.engine.opinion import OpinionMapper

from .conftest import shared

# conversation: (Parley's floor, red-dwarf's ARI)
CONVERSATIONS = {
    "canadian-electoral-reform": (0.95, 1.0),
    "scoop-hivemind.biodiversity": (0.95, 0.954),
    "scoop-hivemind.taxes": (0.90, 0.910),
    "ssis.land-bank-farmland.2rumnecbeh.2021-08-01": (0.95, 0.742),
    "vtaiwan.uberx": (0.82, 0.826),
}


def agreement_with_polis(name: str) -> float:
    folder = shared("polis", "opendata", name)
    data = read_folder(folder)
    matrix = VoteMatrix.from_table(data.votes, statements=data.texts)
    groups = OpinionMapper().fit(matrix, matrix.column_mask(data.moderated_out | data.meta)).map_.groups
    with (folder / "participants-votes.csv").open(newline="") as handle:
        theirs = {row["participant"]: int(row["group-id"]) for row in csv.DictReader(handle) if row["group-id"]}
    both = [i for i, p in enumerate(matrix.participants) if groups[i] >= 0 and p in theirs]
    return adjusted_rand_index(groups[both], np.array([theirs[matrix.participants[i]] for i in both]))


@pytest.mark.parametrize("name", sorted(CONVERSATIONS))
def test_parley_groups_agree_with_polis_groups_at_least_as_well_as_measured(name):
    floor, reddwarf = CONVERSATIONS[name]
    assert agreement_with_polis(name) >= floor, f"red-dwarf reaches {reddwarf}"
