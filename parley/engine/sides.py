"""Side-aware figures: per-side counts (what they say is judged in `evidence.py`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .matrix import VoteMatrix


@dataclass(frozen=True, eq=False)
class SideFigures:
    """Counts per declared side: (n_sides, n_statements) arrays; `names` orders the sides (sorted)."""

    names: list[str]
    membership: np.ndarray
    agree: np.ndarray
    disagree: np.ndarray
    seen: np.ndarray

    @property
    def passes(self) -> np.ndarray:
        return self.seen - self.agree - self.disagree


def side_membership(participants: Sequence[str], sides: Mapping[str, str]) -> tuple[list[str], np.ndarray]:
    """Return the sorted side names and each participant's side index (-1: none declared)."""
    names = sorted(set(sides.values()))
    index = {name: i for i, name in enumerate(names)}
    membership = np.fromiter((index.get(sides.get(p, ""), -1) for p in participants), np.int64, len(participants))
    return names, membership


def side_figures(matrix: VoteMatrix, names: list[str], membership: np.ndarray) -> SideFigures:
    """Count every side's agrees, disagrees and votes (passes included) on every statement."""
    agree, disagree, seen = matrix.counts(membership, len(names))
    return SideFigures(names, membership, agree, disagree, seen)
