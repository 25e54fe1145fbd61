"""Bridging: the Community Notes matrix factorisation, solved by alternating least squares."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from .matrix import VoteMatrix


class BridgingALS:
    """Fit r_ij ~ mu + a_i + b_j + f_i g_j to votes (agree 1, pass 0.5, disagree 0).

    The objective is Community Notes': mean squared error + `factor_reg` *
    (mean(f^2) + mean(g^2)) + `intercept_reg` * (mean(a^2) + mean(b^2)) +
    `global_reg` * mu^2. Each sweep solves every participant's (a_i, f_i) and
    every statement's (b_j, g_j) exactly, as 2 x 2 ridge systems, then mu; the
    loss never rises, and sweeps stop when no parameter moves by more than
    `tol`. The statement intercept b_j is the bridging score; f and g are
    signed so that the largest-magnitude statement factor is positive.
    """

    def __init__(
        self,
        factor_reg: float = 0.03,
        intercept_reg: float = 0.15,
        global_reg: float = 0.15,
        tol: float = 1e-7,
        max_iter: int = 1000,
        random_state: int = 0,
    ) -> None:
        self.factor_reg = factor_reg
        self.intercept_reg = intercept_reg
        self.global_reg = global_reg
        self.tol = tol
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(self, X: VoteMatrix, columns: np.ndarray | None = None) -> BridgingALS:
        """Fit on the votes of `X` in the statements where `columns` is true (default: all)."""
        for name in ("factor_reg", "intercept_reg", "global_reg", "tol"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or value < 0:
                raise ValueError(f"{name} must be a non-negative number, not {value!r}")
        if not isinstance(self.max_iter, int) or self.max_iter < 1:
            raise ValueError(f"max_iter must be a positive integer, not {self.max_iter!r}")
        n_rows, n_cols = X.shape
        keep = np.ones(X.n_votes, bool) if columns is None else np.asarray(columns, bool)[X.cols]
        rows = X.rows[keep]
        cols = X.cols[keep]
        ratings = (X.values[keep].astype(np.float64) + 1.0) / 2.0
        n = len(ratings)
        self.n_ratings_ = n
        self.participant_intercepts_ = np.zeros(n_rows)
        self.participant_factors_ = np.zeros(n_rows)
        self.statement_intercepts_ = np.zeros(n_cols)
        self.statement_factors_ = np.zeros(n_cols)
        self.global_intercept_ = 0.0
        self.n_iter_ = 0
        self.converged_ = True
        self.participant_rated_ = np.bincount(rows, minlength=n_rows) > 0
        self.statement_rated_ = np.bincount(cols, minlength=n_cols) > 0
        if n == 0:
            self.loss_ = 0.0
            return self
        by_row = sparse.csr_array((ratings, (rows, cols)), shape=(n_rows, n_cols))
        pattern = by_row.copy()
        pattern.data[:] = 1.0
        by_col = by_row.T.tocsr()
        pattern_t = pattern.T.tocsr()
        row_sum, col_sum = by_row.sum(axis=1), by_col.sum(axis=1)
        row_n, col_n = pattern.sum(axis=1), pattern_t.sum(axis=1)
        # Multiplying the objective by n turns each mean penalty into a per-item ridge.
        a_reg_u, f_reg_u = n * self.intercept_reg / n_rows, n * self.factor_reg / n_rows
        a_reg_s, f_reg_s = n * self.intercept_reg / n_cols, n * self.factor_reg / n_cols
        rng = np.random.default_rng(self.random_state)
        mu = float(ratings.mean())
        a, f = np.zeros(n_rows), np.zeros(n_rows)
        b = np.zeros(n_cols)
        g = rng.normal(0.0, 0.1, n_cols) * self.statement_rated_
        self.converged_ = False
        for iteration in range(1, self.max_iter + 1):
            a_new, f_new = _ridge_step(pattern, by_row, row_sum, row_n, mu, b, g, a_reg_u, f_reg_u)
            b_new, g_new = _ridge_step(
                pattern_t, by_col, col_sum, col_n, mu, a_new, f_new, a_reg_s, f_reg_s
            )
            residual_sum = float(
                ratings.sum() - row_n @ a_new - col_n @ b_new - f_new @ (pattern @ g_new)
            )
            mu_new = residual_sum / (n * (1.0 + self.global_reg))
            change = max(
                np.abs(a_new - a).max(initial=0.0),
                np.abs(f_new - f).max(initial=0.0),
                np.abs(b_new - b).max(initial=0.0),
                np.abs(g_new - g).max(initial=0.0),
                abs(mu_new - mu),
            )
            a, f, b, g, mu = a_new, f_new, b_new, g_new, mu_new
            self.n_iter_ = iteration
            if change <= self.tol:
                self.converged_ = True
                break
        pivot = int(np.argmax(np.abs(g))) if n_cols else 0
        if n_cols and g[pivot] < 0:
            f, g = -f, -g
        self.participant_intercepts_, self.participant_factors_ = a, f
        self.statement_intercepts_, self.statement_factors_ = b, g
        self.global_intercept_ = mu
        self.loss_ = self.objective(rows, cols, ratings)
        return self

    def objective(self, rows: np.ndarray, cols: np.ndarray, ratings: np.ndarray) -> float:
        """Return the Community Notes loss of the fitted parameters on these ratings."""
        a, f = self.participant_intercepts_, self.participant_factors_
        b, g = self.statement_intercepts_, self.statement_factors_
        error = ratings - (self.global_intercept_ + a[rows] + b[cols] + f[rows] * g[cols])
        return float(
            np.mean(error**2)
            + self.factor_reg * (np.mean(f**2) + np.mean(g**2))
            + self.intercept_reg * (np.mean(a**2) + np.mean(b**2))
            + self.global_reg * self.global_intercept_**2
        )


def _ridge_step(
    pattern: sparse.csr_array,
    ratings: sparse.csr_array,
    rating_sum: np.ndarray,
    count: np.ndarray,
    mu: float,
    other_intercept: np.ndarray,
    other_factor: np.ndarray,
    intercept_reg: float,
    factor_reg: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Solve each row's 2 x 2 ridge system for (intercept, factor) given the other side."""
    other = np.column_stack(
        [other_factor, other_factor**2, other_intercept, other_intercept * other_factor]
    )
    sums = pattern @ other
    g1, g2, b1, bg = sums[:, 0], sums[:, 1], sums[:, 2], sums[:, 3]
    rg = ratings @ other_factor
    target0 = rating_sum - mu * count - b1
    target1 = rg - mu * g1 - bg
    m00 = count + intercept_reg
    m11 = g2 + factor_reg
    det = m00 * m11 - g1 * g1
    with np.errstate(divide="ignore", invalid="ignore"):
        intercept = np.where(det > 0, (m11 * target0 - g1 * target1) / det, 0.0)
        factor = np.where(det > 0, (m00 * target1 - g1 * target0) / det, 0.0)
    return intercept, factor
