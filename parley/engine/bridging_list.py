"""The bridging list: statements the factor model rates highly that every opinion group of every side supports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .evidence import DIVIDE, TOO_EARLY, Evidence
from .stable import rank_key
from .stats import smoothed

if TYPE_CHECKING:
    from .analysis import SideMap

# A group supports a statement when its posterior mean agreement (uniform prior) is at least this.
GROUP_SUPPORT = 0.5


def bridging_statements(
    intercepts: np.ndarray,
    evidence: Evidence,
    side_maps: Sequence[SideMap],
    eligible: np.ndarray,
    *,
    support: float = GROUP_SUPPORT,
) -> list[int]:
    """Return the bridging statements, highest intercept first.

    A statement qualifies when it is `eligible`, was rated, is judged (not too
    early) and is not a divide, and every side, and every opinion group found
    within each side (`side_maps`), agrees with it at least `support` (posterior
    mean share of agrees, uniform prior). The factor model's intercept, the
    support the divide between the sides does not explain, ranks them.
    """
    ok = eligible & np.isfinite(intercepts) & (evidence.verdict != DIVIDE) & (evidence.verdict != TOO_EARLY)
    side_agree = evidence.agree_share * evidence.n
    ok &= (rank_key(smoothed(side_agree, evidence.n)) >= support).all(axis=0)
    for side_map in side_maps:
        groups = side_map.map
        if groups.n_groups:
            ok &= (rank_key(smoothed(groups.group_agree, groups.group_seen)) >= support).all(axis=0)
    candidates = np.flatnonzero(ok)
    order = np.lexsort((candidates, -rank_key(intercepts[candidates])))
    return candidates[order].tolist()
