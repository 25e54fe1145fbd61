"""Consensus over the whole population and group-informed consensus."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .stable import rank_key
from .stats import Z_90, prop_test, smoothed


@dataclass(frozen=True)
class ConsensusStatement:
    """A statement most participants agree (or disagree) with."""

    statement: int
    direction: str
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


def group_informed_consensus(agree: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """Return prod over groups of (A_g + 1) / (S_g + 2) for each statement; inputs are (G, C)."""
    return np.prod(smoothed(agree, seen), axis=0)


def select_consensus(
    agree: np.ndarray,
    disagree: np.ndarray,
    seen: np.ndarray,
    eligible: np.ndarray,
    *,
    top: int = 5,
) -> dict[str, list[ConsensusStatement]]:
    """Pick up to `top` statements per direction with p > 1/2 and a significant z, by p * z.

    Inputs are per-statement counts over all participants; ties (to 12 significant
    digits) keep statement order.
    """
    chosen: dict[str, list[ConsensusStatement]] = {}
    for direction, successes in (("agree", agree), ("disagree", disagree)):
        p = smoothed(successes, seen)
        z = prop_test(successes, seen)
        ok = eligible & (p > 0.5) & (z > Z_90)
        candidates = np.flatnonzero(ok)
        order = candidates[np.argsort(-rank_key((p * z)[candidates]), kind="stable")][:top]
        chosen[direction] = [
            ConsensusStatement(
                statement=int(c),
                direction=direction,
                n_success=int(successes[c]),
                n_trials=int(seen[c]),
                p_success=float(p[c]),
                p_test=float(z[c]),
            )
            for c in order
        ]
    return chosen
