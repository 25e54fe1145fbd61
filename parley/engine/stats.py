"""The Pol.is test statistics, vectorised."""

from __future__ import annotations

import numpy as np

# One-sided 90% critical value of the standard normal, as Pol.is uses it.
Z_90 = 1.2816


def prop_test(successes: np.ndarray, trials: np.ndarray) -> np.ndarray:
    """Return Pol.is's one-proportion z-score against 1/2, with +1 on both counts."""
    s = successes + 1.0
    n = trials + 1.0
    return 2.0 * np.sqrt(n) * (s / n - 0.5)


def two_prop_test(
    successes_in: np.ndarray,
    successes_out: np.ndarray,
    trials_in: np.ndarray,
    trials_out: np.ndarray,
) -> np.ndarray:
    """Return Pol.is's two-proportion z-score (in minus out), with +1 on every count.

    A pooled proportion of exactly 1 gives 0, as in Pol.is.
    """
    s1, s2 = successes_in + 1.0, successes_out + 1.0
    n1, n2 = trials_in + 1.0, trials_out + 1.0
    pooled = (s1 + s2) / (n1 + n2)
    variance = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (s1 / n1 - s2 / n2) / np.sqrt(variance)
    return np.where(pooled == 1.0, 0.0, z)


def smoothed(successes: np.ndarray, trials: np.ndarray) -> np.ndarray:
    """Return (successes + 1) / (trials + 2), the posterior mean under a uniform prior."""
    return (successes + 1.0) / (trials + 2.0)
