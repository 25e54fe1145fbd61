"""The bridging list: statements every opinion group within every side supports.

The factor model (`bridging.py`) explains each vote by the participant's position
on the main divide and the statement's own support beyond it, its intercept. On
its own the intercept is fooled by turnout: where one side has five times the
other's votes, what the larger side loves gets a high intercept even if the other
side is lukewarm (bench/planted_truth.py: 0.23 of the top 10 right at 5:1). So a
bridging statement must also be supported by every opinion group found within
each side (`Analysis.side_maps`), and by each side as a whole: each group's
posterior mean share of agrees (uniform prior, passes count as not agreeing) is
at least GROUP_SUPPORT; the list ranks by the weakest group's share, so one
lukewarm group holds a statement back whatever the turnout, then by the intercept.
A divide or a statement too early to tell is never on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .evidence import DIVIDE, TOO_EARLY, Evidence
from .stable import rank_key
from .stats import smoothed

if TYPE_CHECKING:
    from .analysis import SideMap

# A group supports a statement when its posterior mean share of agrees is at least this.
GROUP_SUPPORT = 0.5


def weakest_group_support(evidence: Evidence, side_maps: Sequence[SideMap]) -> np.ndarray:
    """Return per statement the lowest posterior mean share of agrees over the sides and their groups."""
    side_agree = np.rint(evidence.agree_share * evidence.n)
    weakest = smoothed(side_agree, evidence.n).min(axis=0, initial=1.0)
    for side_map in side_maps:
        groups = side_map.map
        if groups.n_groups:
            np.minimum(weakest, smoothed(groups.group_agree, groups.group_seen).min(axis=0), out=weakest)
    return weakest


def bridging_statements(
    intercepts: np.ndarray,
    evidence: Evidence,
    side_maps: Sequence[SideMap],
    eligible: np.ndarray,
    *,
    support: float = GROUP_SUPPORT,
) -> list[int]:
    """Return the bridging statements, best supported first (see the module's docstring).

    A statement qualifies when it is `eligible`, was rated, is judged (not too
    early), is not a divide, has a positive intercept (more support than the
    average statement, once the main divide is accounted for), and its weakest
    side or within-side group supports it at least `support`.
    """
    weakest = weakest_group_support(evidence, side_maps)
    rated = np.isfinite(intercepts)
    ok = eligible & rated & (evidence.verdict != DIVIDE) & (evidence.verdict != TOO_EARLY)
    ok &= rank_key(np.where(rated, intercepts, 0.0)) > 0
    ok &= rank_key(weakest) >= support
    candidates = np.flatnonzero(ok)
    order = np.lexsort((candidates, -rank_key(intercepts[candidates]), -rank_key(weakest[candidates])))
    return candidates[order].tolist()
