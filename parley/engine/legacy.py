"""Earlier releases' JSON shapes, so that analyses they published keep verifying.

Engine 1.3.0 replaced each statement's `common_ground` (the product of the sides' smoothed
agreement), `common_ground_lower` (the weakest side's one-sided 90% Beta lower bound) and `divide`
(the largest two-proportion z-score between sides) by its `evidence`, and added the top-level
`evidence`. All three old figures follow from the per-side counts every statement still carries,
so a re-run can be written as an earlier release wrote it and compared with what that release
published.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from .serialize import number
from .stats import smoothed, two_prop_test

# The first release whose JSON has `evidence`.
EVIDENCE_SINCE = (1, 3, 0)


def release(version: str) -> tuple[int, ...] | None:
    """Return a version like "1.2.0" as a tuple of integers, or None if it is not one."""
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return None


def in_shape_of(data: dict, version: str) -> dict:
    """Return DATA (an analysis dict of this release) as the release VERSION would have written it.

    Only the statement fields that changed are rewritten; every other field is left as it is, so
    the comparison with what VERSION published still checks everything else.
    """
    parsed = release(version)
    if parsed is None or parsed >= EVIDENCE_SINCE or "evidence" not in data:
        return data
    with_sides = data["evidence"] is not None
    out = {key: value for key, value in data.items() if key != "evidence"}
    out["statements"] = [_before_evidence(s, with_sides) for s in data["statements"]]
    return out


def _before_evidence(statement: dict, with_sides: bool) -> dict:
    out = {key: value for key, value in statement.items() if key != "evidence"}
    out["common_ground"] = out["common_ground_lower"] = out["divide"] = None
    if not with_sides or statement.get("evidence") is None:
        return out
    from scipy import special  # here, not above: the `parley` command loads this module, and scipy.special is slow

    sides = [statement["per_side"][name] for name in sorted(statement["per_side"])]
    agree = np.array([float(s["agree"]) for s in sides])
    seen = np.array([float(s["agree"] + s["disagree"] + s["pass"]) for s in sides])
    out["common_ground"] = number(np.prod(smoothed(agree, seen)))
    out["common_ground_lower"] = number(special.betaincinv(agree + 1.0, seen - agree + 1.0, 0.1).min())
    divide = 0.0
    for a, b in combinations(range(len(sides)), 2):
        divide = max(divide, abs(float(two_prop_test(agree[a], agree[b], seen[a], seen[b]))))
    out["divide"] = number(divide)
    return out
