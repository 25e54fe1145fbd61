"""Last-bit noise, as another computer's BLAS kernels make it, moves no discrete result.

The noise is simulated: each test perturbs a BLAS-computed intermediate by about 1e-13 relative
(the size measured across OpenBLAS kernels), with a different seed standing in for each computer.
"""

import json

import numpy as np
import pytest

from parley.engine import VoteTable, analyze
from parley.engine.clusters import PolisClusterer
from parley.engine.stable import best_k, orientation, rank_key, snap
from parley.engine.synthetic import two_sided
from parley.record.analysis_check import compare_analyses

NOISE = 1e-13


def noisy_eigh(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    """Make np.linalg.eigh (the PCA of up to 64 statements) add last-bit noise to its vectors."""
    eigh = np.linalg.eigh
    rng = np.random.default_rng(seed)

    def perturbed(matrix):
        values, vectors = eigh(matrix)
        return values, vectors * (1.0 + NOISE * rng.standard_normal(vectors.shape))

    monkeypatch.setattr(np.linalg, "eigh", perturbed)


def mirrored_votes() -> VoteTable:
    """Statement 1 is statement 0 reversed, for everyone: their loadings are equal and opposite."""
    rng = np.random.default_rng(5)
    rows = []
    for p in range(60):
        first = int(rng.choice([-1, 1]))
        rows += [(p, 0, first, 1.0 + p), (p, 1, -first, 2.0 + p)]
        rows += [(p, s, int(rng.choice([-1, 0, 0, 0, 1])), 3.0 + p) for s in range(2, 8)]
    return VoteTable.from_records(rows)


def test_the_map_keeps_its_orientation_when_mirror_statements_tie_up_to_noise(monkeypatch):
    analyses = []
    for seed in range(8):
        noisy_eigh(monkeypatch, seed)
        result = analyze(mirrored_votes(), workers=1)
        first = result.opinion_map.components[0]
        assert first[0] == pytest.approx(-first[1]) and abs(first[0]) == pytest.approx(np.abs(first).max())
        analyses.append(json.loads(result.to_json(timings=False)))
    for other in analyses[1:]:
        comparison = compare_analyses(analyses[0], other)
        assert comparison.ok, comparison.problem


def test_noisy_positions_are_clustered_exactly_as_the_exact_ones():
    points = two_sided_positions()
    noisy = points * (1.0 + NOISE * np.random.default_rng(1).standard_normal(points.shape))
    exact, shaken = PolisClusterer().fit(points), PolisClusterer().fit(noisy)
    assert np.array_equal(exact.labels_, shaken.labels_)
    assert exact.silhouettes_ == shaken.silhouettes_  # bit for bit: snapped inputs, no BLAS
    assert np.array_equal(exact.base_centers_, shaken.base_centers_)


def two_sided_positions() -> np.ndarray:
    conversation = two_sided(400, 40, 8_000, seed=4)
    analysis = analyze(conversation.votes, sides=conversation.sides, workers=1)
    return analysis.opinion_map.participant_positions[:, :2].copy()


def test_a_sign_is_decided_by_the_first_of_entries_tied_up_to_noise():
    assert orientation(np.array([-0.7, 0.7 * (1 + 1e-12), 0.1])) == -1.0
    assert orientation(np.array([-0.7 * (1 + 1e-12), 0.7, 0.1])) == -1.0
    assert orientation(np.array([0.2, -0.7, 0.69])) == -1.0
    assert orientation(np.array([])) == 1.0


def test_snapping_merges_points_equal_up_to_noise_and_keeps_distinct_ones():
    points = np.array([[1.2345678912, -0.5], [1.2345678912 * (1 + 1e-14), -0.5], [1.3, 0.0]])
    snapped = snap(points)
    assert np.array_equal(snapped[0], snapped[1]) and not np.array_equal(snapped[0], snapped[2])
    assert np.abs(snapped - points).max() <= 1e-7
    assert np.array_equal(snap(np.zeros((2, 2))), np.zeros((2, 2)))


def test_near_tied_silhouettes_choose_the_smaller_number_of_groups():
    assert best_k({2: 0.61, 3: 0.61 + 1e-12, 4: 0.5}) == 2
    assert best_k({2: 0.61, 3: 0.62}) == 3
    assert best_k({}) is None


def test_scores_equal_to_twelve_digits_rank_as_ties_in_index_order():
    keys = rank_key(np.array([0.3, 0.3 * (1 + 1e-15), 0.31, 0.0, np.nan]))
    assert keys[0] == keys[1] and keys[2] > keys[0] and keys[3] == 0.0 and np.isnan(keys[4])
    assert list(np.argsort(-keys[:3], kind="stable")) == [2, 0, 1]
