"""Groups over fitted base clusters: the best-converged k-means, settled on the participants."""

from __future__ import annotations

import numpy as np
import pytest

from parley.engine import clusters
from parley.engine.clusters import LARGER_K_MARGIN, PolisClusterer


def band_and_far_group(seed: int) -> np.ndarray:
    """600 participants along a long band, then 100 close together far to its side."""
    rng = np.random.default_rng(seed)
    band = np.column_stack([rng.uniform(-6, 6, 600), rng.normal(0, 0.4, 600)])
    return np.concatenate([band, rng.normal((0, 12), 0.3, (100, 2))])


def two_overlapping_groups(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.normal((-1.5, 0), 1, (600, 2)), rng.normal((1.5, 0), 1, (400, 2))])


@pytest.mark.parametrize("seed", range(3))
def test_two_groups_split_a_far_group_from_a_long_band_rather_than_halve_the_band(seed):
    positions = band_and_far_group(seed)
    labels = PolisClusterer(max_groups=2).fit(positions).labels_
    far = labels[600:]
    assert (far == far[0]).all()
    assert (labels[:600] != far[0]).all()


@pytest.mark.parametrize("seed", range(3))
def test_every_participant_is_in_the_group_whose_centre_is_nearest(seed):
    positions = two_overlapping_groups(seed)
    clusterer = PolisClusterer(max_groups=2).fit(positions)
    labels = clusterer.labels_
    centres = np.array([positions[labels == g].mean(axis=0) for g in range(clusterer.n_groups_)])
    nearest = np.argmin(((positions[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2), axis=1)
    assert np.array_equal(nearest, labels)


def test_up_to_base_k_distinct_positions_the_groups_are_unions_of_the_positions_as_in_polis():
    positions = np.repeat(two_overlapping_groups(0)[:90], 3, axis=0)
    clusterer = PolisClusterer().fit(positions)
    assert not clusterer.fitted_base_
    assert np.array_equal(clusterer.labels_, clusterer.group_of_base_[clusterer.base_labels_])


def test_fitted_groups_are_the_same_on_every_run():
    positions = band_and_far_group(5)
    first, second = PolisClusterer().fit(positions), PolisClusterer().fit(positions.copy())
    assert np.array_equal(first.labels_, second.labels_)
    assert first.silhouettes_ == second.silhouettes_


def silhouettes_by_k(monkeypatch: pytest.MonkeyPatch, scores: dict[int, float]) -> None:
    monkeypatch.setattr(clusters, "silhouette", lambda points, labels: scores[int(labels.max()) + 1])


def test_over_fitted_base_clusters_a_larger_k_must_beat_the_smaller_by_the_margin(monkeypatch):
    positions = two_overlapping_groups(0)
    close = {2: 0.36, 3: 0.36 + LARGER_K_MARGIN * 0.7, 4: 0.30, 5: 0.30}
    silhouettes_by_k(monkeypatch, close)
    assert PolisClusterer().fit(positions).n_groups_ == 2
    clear = {**close, 3: 0.36 + LARGER_K_MARGIN * 1.3}
    silhouettes_by_k(monkeypatch, clear)
    assert PolisClusterer().fit(positions).n_groups_ == 3


def test_up_to_base_k_distinct_positions_the_highest_silhouette_wins_as_in_polis(monkeypatch):
    positions = np.repeat(two_overlapping_groups(0)[:90], 3, axis=0)
    silhouettes_by_k(monkeypatch, {2: 0.36, 3: 0.36 + LARGER_K_MARGIN * 0.7, 4: 0.30, 5: 0.30})
    assert PolisClusterer().fit(positions).n_groups_ == 3
