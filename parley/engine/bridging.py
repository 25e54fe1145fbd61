"""Bridging: the Community Notes matrix factorisation, solved by alternating least squares."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from .base import Estimator
from .kernels import RatingSums
from .matrix import VoteMatrix, compressed_rows
from .stable import dot, orientation


class BridgingALS(Estimator):
    """Fit r_ij ~ mu + a_i + b_j + f_i g_j to votes (agree 1, pass 0.5, disagree 0).

    The objective is Community Notes': mean squared error + `factor_reg` *
    (mean(f^2) + mean(g^2)) + `intercept_reg` * (mean(a^2) + mean(b^2)) +
    `global_reg` * mu^2. Each sweep solves every participant's (a_i, f_i) and
    every statement's (b_j, g_j) exactly, as 2 x 2 ridge systems, then mu; the
    loss never rises, and sweeps stop when one lowers it by less than `tol`
    times its value. The statement intercept b_j is the bridging score; f and
    g are signed so that the largest-magnitude statement factor is positive.
    Its sums add in numpy's fixed order, not BLAS's (whose order depends on the
    CPU): the sweeps' decisions (extrapolate or not, stop or go on) and so the
    number of sweeps are then the same on every computer.
    """

    def __init__(
        self,
        factor_reg: float = 0.03,
        intercept_reg: float = 0.15,
        global_reg: float = 0.15,
        tol: float = 1e-9,
        max_iter: int = 1000,
        random_state: int = 0,
    ) -> None:
        self.factor_reg = factor_reg
        self.intercept_reg = intercept_reg
        self.global_reg = global_reg
        self.tol = tol
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(self, X: VoteMatrix, columns: np.ndarray | None = None, init: np.ndarray | None = None) -> BridgingALS:
        """Fit on the votes of `X` in the statements where `columns` is true (default: all).

        `init` optionally starts the statement factors (for example from the
        first principal component, which shortens the run); by default they
        start small and random from `random_state`.
        """
        for name in ("factor_reg", "intercept_reg", "global_reg", "tol"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or value < 0:
                raise ValueError(f"{name} must be a non-negative number, not {value!r}")
        if not isinstance(self.max_iter, int) or self.max_iter < 1:
            raise ValueError(f"max_iter must be a positive integer, not {self.max_iter!r}")
        n_rows, n_cols = X.shape
        keep = np.ones(X.n_votes, bool) if columns is None else np.asarray(columns, bool)[X.cols]
        ratings = (X.values[keep].astype(np.float64) + 1.0) / 2.0
        n = len(ratings)
        rows = X.rows[keep]
        lengths = np.bincount(rows, minlength=n_rows)
        indptr = np.zeros(n_rows + 1, np.int64)
        np.cumsum(lengths, out=indptr[1:])
        cols = X.cols[keep].astype(np.int32, copy=False)
        indptr = indptr.astype(np.int32) if n < np.iinfo(np.int32).max else indptr
        by_row = compressed_rows(ratings, cols, indptr, (n_rows, n_cols))
        self.n_ratings_ = n
        self.participant_rated_ = lengths > 0
        self.statement_rated_ = np.bincount(cols, minlength=n_cols) > 0
        rated_g = self.statement_rated_
        if init is None:
            g = np.random.default_rng(self.random_state).normal(0.0, 0.1, n_cols) * rated_g
        else:
            g = np.asarray(init, np.float64) * rated_g
        self._solve(by_row, g)
        self.loss_ = self.objective(rows, cols, ratings) if n else 0.0
        return self

    def _solve(self, by_row: sparse.csr_array, g: np.ndarray) -> None:
        n_rows, n_cols = by_row.shape
        n = by_row.nnz
        a, f, b = np.zeros(n_rows), np.zeros(n_rows), np.zeros(n_cols)
        mu = float(by_row.data.mean()) if n else 0.0
        self.n_iter_, self.converged_ = 0, True
        if n == 0:
            self._store(a, f, b, np.zeros(n_cols), 0.0)
            return
        sums = RatingSums(by_row)
        row_sum, row_n = by_row.sum(axis=1), np.diff(by_row.indptr).astype(np.float64)
        col_sum = by_row.T @ np.ones(n_rows)
        col_sq = (by_row.multiply(by_row)).T @ np.ones(n_rows)
        col_n = np.bincount(by_row.indices, minlength=n_cols).astype(np.float64)
        # Multiplying the objective by n turns each mean penalty into a per-item ridge.
        reg_a, reg_f = n * self.intercept_reg / n_rows, n * self.factor_reg / n_rows
        reg_b, reg_g = n * self.intercept_reg / n_cols, n * self.factor_reg / n_cols
        col_sq_total = float(col_sq.sum())

        def participant_step(b: np.ndarray, g: np.ndarray, mu: float):
            a, f, drop, _ = _ridge_step(sums.per_row(g, b), row_sum, row_n, mu, reg_a, reg_f)
            shifted = mu + b
            sse = col_sq_total - 2 * dot(shifted, col_sum) + dot(col_n, shifted**2) - drop
            return a, f, sse / n + self._penalty(a, f, b, g, mu)

        previous = np.inf
        before: tuple[np.ndarray, np.ndarray, float] | None = None
        stretch = 1.0
        self.converged_ = False
        for iteration in range(1, self.max_iter + 1):
            accepted = False
            if before is not None:
                # Extrapolate along the last sweep's step and keep the guess only if the
                # loss still falls: it never rises, and about half the sweeps are needed.
                guess_b = b + stretch * (b - before[0])
                guess_g = g + stretch * (g - before[1])
                guess_mu = mu + stretch * (mu - before[2])
                a, f, loss = participant_step(guess_b, guess_g, guess_mu)
                accepted = loss < previous
                if accepted:
                    b, g, mu = guess_b, guess_g, guess_mu
                    stretch = min(stretch * 1.5, 8.0)
                else:
                    stretch = 1.0
            if not accepted:
                a, f, loss = participant_step(b, g, mu)
            before = (b, g, mu)
            b, g, _, f_sums = _ridge_step(sums.per_column(f, a), col_sum, col_n, mu, reg_b, reg_g)
            residual = float(row_sum.sum()) - dot(row_n, a) - dot(col_n, b) - dot(g, f_sums)
            mu = residual / (n * (1.0 + self.global_reg))
            self.n_iter_ = iteration
            if previous - loss <= self.tol * abs(loss):
                self.converged_ = True
                break
            previous = loss
        self._store(a, f, b, g, mu)

    def _penalty(self, a: np.ndarray, f: np.ndarray, b: np.ndarray, g: np.ndarray, mu: float) -> float:
        return (
            self.factor_reg * (np.mean(f**2) + np.mean(g**2))
            + self.intercept_reg * (np.mean(a**2) + np.mean(b**2))
            + self.global_reg * mu**2
        )

    def _store(self, a: np.ndarray, f: np.ndarray, b: np.ndarray, g: np.ndarray, mu: float) -> None:
        if orientation(g) < 0:
            f, g = -f, -g
        self.participant_intercepts_, self.participant_factors_ = a, f
        self.statement_intercepts_, self.statement_factors_ = b, g
        self.global_intercept_ = mu

    def objective(self, rows: np.ndarray, cols: np.ndarray, ratings: np.ndarray) -> float:
        """Return the Community Notes loss of the fitted parameters on these ratings."""
        a, f = self.participant_intercepts_, self.participant_factors_
        b, g = self.statement_intercepts_, self.statement_factors_
        # In place, in the order of ratings - (mu + a_i + b_j + f_i g_j): same result, fewer passes.
        prediction = a[rows]
        prediction += self.global_intercept_
        prediction += b[cols]
        product = f[rows]
        product *= g[cols]
        prediction += product
        del product
        error = np.subtract(ratings, prediction, out=prediction)
        np.square(error, out=error)
        return float(
            np.mean(error)
            + self.factor_reg * (np.mean(f**2) + np.mean(g**2))
            + self.intercept_reg * (np.mean(a**2) + np.mean(b**2))
            + self.global_reg * self.global_intercept_**2
        )


def _ridge_step(
    sums: tuple[np.ndarray, ...],
    rating_sum: np.ndarray,
    count: np.ndarray,
    mu: float,
    intercept_reg: float,
    factor_reg: float,
) -> tuple[np.ndarray, np.ndarray, float, np.ndarray]:
    """Solve each row's 2 x 2 ridge system for (intercept, factor) given the other side.

    `sums` are each row's sums of the other side's factors, squared factors,
    intercepts, intercept times factor, and rating times factor
    (`RatingSums`). Also returns how much the fitted values lower the squared
    error below that of the targets alone, which makes the loss free to
    monitor, and each row's sum of the other side's factors.
    """
    g1, g2, b1, bg, rg = sums
    target0 = rating_sum - mu * count - b1
    target1 = rg - mu * g1 - bg
    m00 = count + intercept_reg
    m11 = g2 + factor_reg
    det = m00 * m11 - g1 * g1
    safe = np.where(det > 0, det, 1.0)
    intercept = np.where(det > 0, (m11 * target0 - g1 * target1) / safe, 0.0)
    factor = np.where(det > 0, (m00 * target1 - g1 * target0) / safe, 0.0)
    drop = float(
        np.sum(
            2 * intercept * target0
            + 2 * factor * target1
            - count * intercept**2
            - 2 * intercept * factor * g1
            - g2 * factor**2
        )
    )
    return intercept, factor, drop, g1
