"""The Pol.is-compatible opinion map: projection, groups, representatives, consensus."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .base import Estimator, clone
from .clusters import PolisClusterer
from .consensus import ConsensusStatement, group_informed_consensus, select_consensus
from .matrix import VoteMatrix
from .pca import PolisPCA
from .repness import Representative, select_representatives


@dataclass(frozen=True, eq=False)
class OpinionMap:
    """Where participants and statements sit, which groups form, and what sets them apart.

    `groups` holds each participant's group, -1 for those not clustered;
    per-group counts are (n_groups, n_statements) over the group members.
    """

    participant_positions: np.ndarray
    clustered: np.ndarray
    groups: np.ndarray
    n_groups: int
    silhouettes: dict[int, float]
    statement_positions: np.ndarray
    extremity: np.ndarray
    center: np.ndarray
    components: np.ndarray
    group_agree: np.ndarray
    group_disagree: np.ndarray
    group_seen: np.ndarray
    group_informed_consensus: np.ndarray
    representatives: list[list[Representative]]
    consensus: dict[str, list[ConsensusStatement]]

    @property
    def group_sizes(self) -> np.ndarray:
        return np.bincount(self.groups[self.groups >= 0], minlength=self.n_groups)


class OpinionMapper(Estimator):
    """Compute the Pol.is opinion map of a vote matrix, composed of a projection and a clusterer.

    `pca` (a `PolisPCA`) places participants and statements; `clusterer` (a `PolisClusterer`) groups
    the participants' positions. Left None, each is the default one seeded with `random_state`
    (as `OpinionMapper(pca=PolisPCA(random_state=random_state), clusterer=PolisClusterer(random_state=
    random_state))`). Nested parameters are set as in scikit-learn: `set_params(pca__n_components=3)`
    on an explicit `pca`.

    Participants with at least min(`min_votes`, number of voted statements)
    votes are clustered; if fewer than `min_clustered` qualify, the most
    active others join up to that number. They are clustered in order of
    arrival (earliest vote first, as Pol.is orders them), which matters for
    Pol.is's k-means start. Statements in `zeroed` take no part in the map,
    the representatives or the consensus, as moderated-out and meta
    statements in Pol.is.
    """

    def __init__(
        self,
        pca: PolisPCA | None = None,
        clusterer: PolisClusterer | None = None,
        min_votes: int = 7,
        min_clustered: int = 15,
        top: int = 5,
        random_state: int = 0,
    ) -> None:
        self.pca = pca
        self.clusterer = clusterer
        self.min_votes = min_votes
        self.min_clustered = min_clustered
        self.top = top
        self.random_state = random_state

    def _estimators(self) -> tuple[PolisPCA, PolisClusterer]:
        """Unfitted copies of the projection and the clusterer this mapper fits."""
        pca = clone(self.pca) if self.pca is not None else PolisPCA(random_state=self.random_state)
        clusterer = (
            clone(self.clusterer) if self.clusterer is not None else PolisClusterer(random_state=self.random_state)
        )
        return pca, clusterer

    def published_params(self) -> dict:
        """The parameters an analysis publishes (its `meta.parameters.opinion_map`), flat and sorted:
        the projection's dimensions, the clusterer's parameters, the mapper's own."""
        pca, clusterer = self._estimators()
        params = {name: value for name, value in clusterer.get_params(deep=False).items() if name != "random_state"}
        params.update(
            n_components=pca.n_components,
            min_votes=self.min_votes,
            min_clustered=self.min_clustered,
            top=self.top,
            random_state=self.random_state,
        )
        return dict(sorted(params.items()))

    def fit(
        self,
        X: VoteMatrix,
        zeroed: np.ndarray | None = None,
        always_clustered: np.ndarray | None = None,
    ) -> OpinionMapper:
        """Map `X`; `always_clustered` (a row mask) forces participants into the clustering."""
        for name in ("min_votes", "min_clustered", "top"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a non-negative integer, not {value!r}")
        n_rows, n_cols = X.shape
        zeroed = np.zeros(n_cols, bool) if zeroed is None else np.asarray(zeroed, bool)
        pca, clusterer = self._estimators()
        positions = pca.fit_transform(X, zeroed)
        clustered = self._who_is_clustered(X, pca.n_statements_, always_clustered)
        order = X.arrival_order()
        order = order[clustered[order]]
        clusterer.fit(positions[order, :2])
        groups = np.full(n_rows, -1, dtype=np.int64)
        groups[order] = clusterer.labels_
        n_groups = clusterer.n_groups_
        agree, disagree, seen = X.counts(groups, n_groups)
        total_agree, total_disagree, total_seen = X.totals
        eligible = (total_seen > 0) & ~zeroed
        self.map_ = OpinionMap(
            participant_positions=positions,
            clustered=clustered,
            groups=groups,
            n_groups=n_groups,
            silhouettes=dict(clusterer.silhouettes_),
            statement_positions=pca.statement_positions_,
            extremity=pca.extremity_,
            center=pca.center_,
            components=pca.components_,
            group_agree=agree,
            group_disagree=disagree,
            group_seen=seen,
            group_informed_consensus=group_informed_consensus(agree, seen),
            representatives=select_representatives(agree, disagree, seen, eligible, top=self.top),
            consensus=select_consensus(total_agree, total_disagree, total_seen, eligible, top=self.top),
        )
        return self

    def _who_is_clustered(self, X: VoteMatrix, n_statements: int, always: np.ndarray | None) -> np.ndarray:
        votes = X.votes_per_participant()
        clustered = votes >= min(self.min_votes, n_statements)
        if always is not None:
            clustered |= np.asarray(always, bool)
        missing = self.min_clustered - int(clustered.sum())
        if missing > 0:
            others = np.flatnonzero(~clustered)
            busiest = others[np.argsort(-votes[others], kind="stable")][:missing]
            clustered[busiest] = True
        return clustered
