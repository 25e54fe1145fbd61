"""Pol.is-style clustering: k-means base clusters, then groups chosen by silhouette."""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from .base import Estimator
from .stable import best_k, rank_key, snap

# Above this many participants, base centres are fitted on a sample of this size.
_BASE_SAMPLE = 20_000
# Over fitted base clusters, a larger k must beat the smaller one's silhouette by this much.
LARGER_K_MARGIN = 0.03


def kmeans(
    points: np.ndarray,
    centres: np.ndarray,
    *,
    weights: np.ndarray | None = None,
    max_iter: int = 100,
    tol: float = 0.01,
) -> tuple[np.ndarray, np.ndarray]:
    """Run weighted Lloyd k-means from `centres`; return (labels, centres).

    It stops, as Pol.is does, once no centre moves by `tol` or more (or no
    point changes cluster). Clusters that lose all their points are dropped,
    as in Pol.is, so fewer centres than given can come back; labels index
    the returned centres.
    """
    weights = np.ones(len(points)) if weights is None else weights
    labels = np.full(len(points), -1)
    for _ in range(max_iter):
        new_labels = _nearest(points, centres)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
        new_centres, labels = _recentre(points, labels, weights, len(centres))
        settled = len(new_centres) == len(centres) and bool(np.all(np.hypot(*(new_centres - centres).T) < tol))
        centres = new_centres
        if settled:
            break
    return labels, centres


def first_distinct(points: np.ndarray, k: int) -> np.ndarray:
    """Return the first k distinct points in input order: Pol.is's k-means start."""
    _, first = np.unique(points, axis=0, return_index=True)
    return points[np.sort(first)[:k]].copy()


def kmeans_plus_plus(points: np.ndarray, k: int, weights: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    first = int(rng.choice(len(points), p=weights / weights.sum()))
    chosen = [first]
    closest = np.sum((points - points[first]) ** 2, axis=1)
    for _ in range(1, k):
        mass = closest * weights
        total = mass.sum()
        if total <= 0:
            break
        pick = int(np.searchsorted(np.cumsum(mass), rng.uniform(0, total), side="right"))
        pick = min(pick, len(points) - 1)
        chosen.append(pick)
        np.minimum(closest, np.sum((points - points[pick]) ** 2, axis=1), out=closest)
    return points[chosen].copy()


def _nearest(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    if len(centres) <= 16:
        distances = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        return np.argmin(distances, axis=1)
    return cKDTree(centres).query(points)[1]


def _recentre(
    points: np.ndarray, labels: np.ndarray, weights: np.ndarray, n_centres: int
) -> tuple[np.ndarray, np.ndarray]:
    mass = np.bincount(labels, weights=weights, minlength=n_centres)
    sums = np.stack(
        [np.bincount(labels, weights=weights * points[:, d], minlength=n_centres) for d in range(points.shape[1])],
        axis=1,
    )
    alive = mass > 0
    renumber = np.cumsum(alive) - 1
    return sums[alive] / mass[alive, None], renumber[labels]


def inertia(points: np.ndarray, labels: np.ndarray, centres: np.ndarray, weights: np.ndarray) -> float:
    """Return the weighted sum of squared distances to the assigned centres."""
    return float(np.sum(weights * np.sum((points - centres[labels]) ** 2, axis=1)))


def silhouette(points: np.ndarray, labels: np.ndarray) -> float:
    """Return the mean silhouette, scoring members of one-point clusters 0 (as Pol.is does)."""
    distances = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    n_labels = int(labels.max()) + 1
    member = np.eye(n_labels, dtype=bool)[labels]
    sizes = member.sum(axis=0)
    if n_labels < 2:
        return 0.0
    # Summed by numpy, not by a BLAS product whose order (and last bits) depend on the CPU.
    sums = np.stack([distances[:, member[:, g]].sum(axis=1) for g in range(n_labels)], axis=1)
    own_size = sizes[labels] - 1
    own = sums[np.arange(len(points)), labels]
    with np.errstate(invalid="ignore", divide="ignore"):
        a = own / own_size
        mean_other = sums / sizes
    mean_other[np.arange(len(points)), labels] = np.inf
    b = mean_other.min(axis=1)
    scores = np.zeros(len(points))
    ok = (own_size > 0) & (np.maximum(a, b) > 0)
    scores[ok] = (b[ok] - a[ok]) / np.maximum(a[ok], b[ok])
    return float(scores.mean())


def adjusted_rand_index(first: np.ndarray, second: np.ndarray) -> float:
    """Return the adjusted Rand index of two labellings of the same items."""
    _, a = np.unique(first, return_inverse=True)
    _, b = np.unique(second, return_inverse=True)
    table = np.zeros((a.max(initial=-1) + 1, b.max(initial=-1) + 1))
    np.add.at(table, (a, b), 1)

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())

    index = pairs(table)
    rows, cols, total = (
        pairs(table.sum(axis=1)),
        pairs(table.sum(axis=0)),
        pairs(np.array([len(a)])),
    )
    expected = rows * cols / total if total else 0.0
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


class PolisClusterer(Estimator):
    """Cluster 2-D participant positions the Pol.is way, deterministically.

    First `base_k` base clusters: every distinct point is its own base cluster
    when there are no more than `base_k` (as in Pol.is), otherwise k-means
    from a seeded k-means++ start, for at most `base_max_iter` steps (on a
    seeded sample of 20,000 when there are more), then one assignment of
    everyone. Then the
    base centres, weighted by their sizes, are grouped by k-means for k = 2 ..
    min(max_groups, 2 + n_base // 12), and the k with the highest silhouette
    on the base centres wins (the smaller k on ties, and on silhouettes within
    1e-9 of each other). Positions are first snapped to 8 significant digits
    of the largest (`stable.snap`): k-means, silhouettes and the choice of k
    use no BLAS, so every computer then clusters the same numbers the same
    way. With `init="polis"`
    these k-means start, as in Pol.is, from the first k distinct points in
    input order (so the input order is part of the input: Pol.is orders
    participants by arrival); with `init="k-means++"` each keeps the
    lowest-inertia result of `n_init` seeded k-means++ starts.

    When the base clusters are fitted, Pol.is's own are not reproducible: it
    carries them, and its groups, from one update to the next, so its groups
    depend on the order in which votes came. There, with either `init`, each
    k keeps the lowest-inertia result among the Pol.is start (with
    `init="polis"`) and `n_init` seeded k-means++ starts (a single start often
    stalls in a split that Pol.is's many updates leave behind), and the
    chosen groups are then settled on the participants themselves: Lloyd
    steps from the groups' centres, so that no base cluster astride two
    groups decides for all its members. There a larger k also wins only when
    its silhouette beats the smaller k's by `LARGER_K_MARGIN`: Pol.is leaves
    its k only after another k has won several updates in a row, and from
    the final votes alone a k winning by less is a coin toss of the base
    clusters' start. Groups are numbered by decreasing size, then by their
    first member.
    """

    def __init__(
        self,
        base_k: int = 100,
        max_groups: int = 5,
        init: str = "polis",
        n_init: int = 10,
        max_iter: int = 100,
        base_max_iter: int = 20,
        random_state: int = 0,
    ) -> None:
        self.base_k = base_k
        self.max_groups = max_groups
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.base_max_iter = base_max_iter
        self.random_state = random_state

    def fit(self, X: np.ndarray) -> PolisClusterer:
        """Cluster the rows of `X` (n x 2 positions)."""
        for name in ("base_k", "max_groups", "n_init", "max_iter", "base_max_iter"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive integer, not {value!r}")
        if self.init not in ("polis", "k-means++"):
            raise ValueError(f"init must be 'polis' or 'k-means++', not {self.init!r}")
        if self.max_groups < 2:
            raise ValueError(f"max_groups must be at least 2, not {self.max_groups!r}")
        X = snap(X)
        rng = np.random.default_rng(self.random_state)
        # Fitted base clusters (more distinct points than base_k) stand for Pol.is's, which it
        # carries from update to update: there its groups depend on a history the final votes
        # do not show, and the groups are taken as the best-converged k-means instead.
        self.fitted_base_ = len(X) > 0 and _more_distinct_than(X, self.base_k)
        self.base_labels_, self.base_centers_ = self._base_clusters(X, rng)
        self.base_sizes_ = np.bincount(self.base_labels_, minlength=len(self.base_centers_))
        self.silhouettes_: dict[int, float] = {}
        labels_of: dict[int, np.ndarray] = {}
        n_base = len(self.base_centers_)
        top_k = min(self.max_groups, 2 + n_base // 12)
        for k in range(2, top_k + 1):
            if k > n_base:
                break
            labels = self._group(self.base_centers_, self.base_sizes_.astype(np.float64), k, rng)
            if labels.max() + 1 < k:
                continue
            self.silhouettes_[k] = silhouette(self.base_centers_, labels)
            labels_of[k] = labels
        k_best = best_k(self.silhouettes_, LARGER_K_MARGIN if self.fitted_base_ else 0.0)
        if k_best is None:
            group_of_base = np.zeros(n_base, dtype=np.int64)
        else:
            group_of_base = _number_by_size(labels_of[k_best], self.base_sizes_)
        self.group_of_base_ = group_of_base
        self.labels_ = group_of_base[self.base_labels_] if len(X) else np.zeros(0, np.int64)
        if k_best is not None and self.fitted_base_:
            self.labels_ = self._refined(X, self.labels_)
        self.n_groups_ = int(self.labels_.max()) + 1 if n_base else 0
        return self

    def _refined(self, X: np.ndarray, labels: np.ndarray) -> np.ndarray:
        """Move each participant to the nearest group centre until no one moves (Lloyd steps).

        Fitted base clusters are a summary: a base cluster astride two groups puts its
        members on one side only. Settling the groups on the participants themselves
        removes that artefact (and the base clusters' dependence on their random start).
        """
        n = int(labels.max()) + 1
        counts = np.bincount(labels, minlength=n).astype(np.float64)
        centres = np.stack([np.bincount(labels, weights=X[:, d], minlength=n) for d in range(X.shape[1])], axis=1)
        refined, _ = kmeans(X, centres / counts[:, None], max_iter=self.max_iter, tol=0.0)
        return _number_by_size(refined, np.ones(len(refined)))

    def _base_clusters(self, X: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        if len(X) == 0:
            return np.zeros(0, np.int64), np.zeros((0, 2))
        if self.fitted_base_:
            return self._fitted_base_clusters(X, rng)
        distinct, inverse = np.unique(X, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        if len(distinct) <= self.base_k:
            # Keep the base clusters in order of their first member, like the input.
            first = np.full(len(distinct), len(X))
            np.minimum.at(first, inverse, np.arange(len(X)))
            rank = np.empty(len(distinct), np.int64)
            rank[np.argsort(first, kind="stable")] = np.arange(len(distinct))
            centres = np.empty_like(distinct)
            centres[rank] = distinct
            return rank[inverse], centres
        self.fitted_base_ = True
        return self._fitted_base_clusters(X, rng)

    def _fitted_base_clusters(self, X: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        # Pol.is carries its base clusters over from one update to the next, so they
        # cannot be recomputed from the final votes; from scratch, a k-means++ start
        # converges in a fraction of the iterations of a first-points start, and a
        # few Lloyd steps settle 2-D base clusters well enough.
        sample = X
        if len(X) > _BASE_SAMPLE:
            # Base clusters only summarise the map: a large random sample places their
            # centres as well as everyone does, at a fraction of the cost.
            sample = X[np.sort(rng.choice(len(X), _BASE_SAMPLE, replace=False))]
        start = kmeans_plus_plus(sample, self.base_k, np.ones(len(sample)), rng)
        _, centres = kmeans(sample, start, max_iter=self.base_max_iter)
        return kmeans(X, centres, max_iter=1)

    def _group(self, points: np.ndarray, weights: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
        return self._kmeans(points, weights, k, rng)[0]

    def _kmeans(
        self, points: np.ndarray, weights: np.ndarray, k: int, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        polis_start = self.init == "polis"
        if polis_start and not self.fitted_base_:
            return kmeans(points, first_distinct(points, k), weights=weights, max_iter=self.max_iter)
        starts = [first_distinct(points, k)] if polis_start else []
        starts += [kmeans_plus_plus(points, k, weights, rng) for _ in range(self.n_init)]
        best: tuple[tuple[int, float], np.ndarray, np.ndarray] | None = None
        for start in starts:
            labels, centres = kmeans(points, start, weights=weights, max_iter=self.max_iter)
            # More groups first (a start that lost one does not compete), then the lower
            # inertia on RANK_DIGITS digits: results equal up to noise keep the earlier start.
            score = (-len(centres), float(rank_key(np.array([inertia(points, labels, centres, weights)]))[0]))
            if best is None or score < best[0]:
                best = (score, labels, centres)
        assert best is not None
        return best[1], best[2]


def _more_distinct_than(points: np.ndarray, k: int) -> bool:
    """Tell cheaply whether the first rows already hold more than k distinct points (False: maybe not)."""
    head = points[: 4 * (k + 1)]
    return len(head) > k and len(np.unique(head, axis=0)) > k


def _number_by_size(labels: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Renumber labels 0.. by decreasing total size, ties by first member."""
    n = int(labels.max()) + 1
    total = np.bincount(labels, weights=sizes, minlength=n)
    first = np.full(n, len(labels))
    np.minimum.at(first, labels, np.arange(len(labels)))
    order = np.lexsort((first, -total))
    rank = np.empty(n, np.int64)
    rank[order] = np.arange(n)
    return rank[labels]
