"""Parley agrees with what the Pol.is open-data exports record."""

from __future__ import annotations

import csv

import numpy as np

from parley.engine import analyze, read_folder, read_polis_export
from parley.engine.consensus import group_informed_consensus
from parley.engine.matrix import VoteMatrix

from .conftest import shared


def test_bg2050_group_informed_consensus_recomputed_from_its_group_ids_matches_to_1e_9():
    folder = shared("polis", "opendata", "bg2050-volunteers")
    matrix = VoteMatrix.from_table(read_folder(folder).votes)
    with (folder / "participants-votes.csv").open(newline="") as handle:
        group_of = {row["participant"]: row["group-id"] for row in csv.DictReader(handle)}
    labels = np.array([int(group_of.get(p) or -1) for p in matrix.participants])
    agree, _, seen = matrix.counts(labels, int(labels.max()) + 1)
    ours = group_informed_consensus(agree, seen)
    with (folder / "comments.csv").open(newline="") as handle:
        theirs = {row["comment-id"]: float(row["group-informed-consensus"]) for row in csv.DictReader(handle)}
    cols = [matrix.statements.index(c) for c in theirs]
    assert np.abs(ours[cols] - np.array(list(theirs.values()))).max() < 1e-9


def test_an_export_without_vote_history_is_read_from_its_final_vote_matrix():
    folder = shared("polis", "opendata", "american-assembly.bowling-green")
    data = read_polis_export(folder)
    assert data.votes.timestamp is None
    with (folder / "participants-votes.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(data.votes) == sum(int(r["n-votes"]) for r in rows)
    result = analyze(data.votes, texts=data.texts, moderated_out=data.moderated_out)
    assert result.opinion_map.n_groups >= 2


def test_moderated_out_comments_are_left_out_of_the_listed_statements():
    folder = shared("polis", "opendata", "london.youth.policing")
    data = read_folder(folder)
    result = analyze(data.votes, texts=data.texts, moderated_out=data.moderated_out)
    listed = {s["id"] for s in result.to_dict(timings=False)["statements"]}
    assert data.moderated_out and not (listed & data.moderated_out)
