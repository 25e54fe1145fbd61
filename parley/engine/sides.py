"""Side-aware figures: per-side counts, common ground and divides."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy import special

from .matrix import VoteMatrix
from .stats import smoothed, two_prop_test


@dataclass(frozen=True, eq=False)
class SideFigures:
    """Counts per declared side and what they say about each statement.

    Arrays are (n_sides, n_statements) for counts and (n_statements,) for the
    rest; `names` orders the sides (sorted).
    """

    names: list[str]
    membership: np.ndarray
    agree: np.ndarray
    disagree: np.ndarray
    seen: np.ndarray
    common_ground: np.ndarray
    common_ground_lower: np.ndarray
    divide: np.ndarray

    @property
    def passes(self) -> np.ndarray:
        return self.seen - self.agree - self.disagree


def side_membership(participants: Sequence[str], sides: Mapping[str, str]) -> tuple[list[str], np.ndarray]:
    """Return the sorted side names and each participant's side index (-1: none declared)."""
    names = sorted(set(sides.values()))
    index = {name: i for i, name in enumerate(names)}
    membership = np.fromiter((index.get(sides.get(p, ""), -1) for p in participants), np.int64, len(participants))
    return names, membership


def side_figures(
    matrix: VoteMatrix, names: list[str], membership: np.ndarray, *, credibility: float = 0.9
) -> SideFigures:
    """Count votes per side and score every statement for common ground and division.

    Common ground is the group-informed consensus over the sides, so each side
    weighs the same whatever its turnout; its lower bound is the weakest
    side's agreement at the lower end of a `credibility` credible interval
    (Beta posterior, uniform prior). The divide is the largest two-proportion
    z-score of agreement between any two sides, as a magnitude.
    """
    agree, disagree, seen = matrix.counts(membership, len(names))
    common = np.prod(smoothed(agree, seen), axis=0)
    lower = special.betaincinv(agree + 1.0, seen - agree + 1.0, 1.0 - credibility).min(axis=0)
    divide = np.zeros(matrix.shape[1])
    for a, b in combinations(range(len(names)), 2):
        z = np.abs(two_prop_test(agree[a], agree[b], seen[a], seen[b]))
        np.maximum(divide, z, out=divide)
    return SideFigures(names, membership, agree, disagree, seen, common, lower, divide)
