"""Pol.is-style PCA of the vote matrix with the sparsity-corrected projection."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import linalg, sparse
from scipy.sparse import linalg as sparse_linalg

from .base import Estimator
from .kernels import GramOperator
from .matrix import VoteMatrix
from .stable import orientation

# Below this many columns an explicit Gram matrix is cheaper than Lanczos.
_DENSE_GRAM_COLUMNS = 64
# Lanczos steps kept before falling back to restarted Lanczos (ARPACK).
_MAX_LANCZOS_STEPS = 400


class PolisPCA(Estimator):
    """Principal components of the mean-filled, column-centred vote matrix.

    Missing cells are filled with their column's mean, so after centring they
    are exactly zero and the centred matrix keeps the sparsity of the votes.
    The components are the leading eigenvectors of its Gram matrix, computed
    to convergence (Lanczos; Pol.is's power iteration converges to the same
    vectors), each signed so that its largest-magnitude loading is positive
    (the first of loadings tied up to noise, so every computer picks the same).
    Lanczos keeps every basis vector (fully reorthogonalised) and stops at
    the first step where each wanted Ritz pair's residual is at most `tol`
    times its eigenvalue; without restarts it needs fewer products with the
    matrix than restarted Lanczos does for the same accuracy.

    Columns in `zeroed` (moderated out, meta) are set to 0 in every row, as
    Pol.is does: they carry no variance but count as voted in the projection.
    """

    def __init__(self, n_components: int = 2, tol: float = 1e-10, random_state: int = 0) -> None:
        self.n_components = n_components
        self.tol = tol
        self.random_state = random_state

    def fit(self, X: VoteMatrix, zeroed: np.ndarray | None = None) -> PolisPCA:
        """Compute the column means and the components of `X`."""
        self._fit(X, zeroed)
        return self

    def transform(self, X: VoteMatrix) -> np.ndarray:
        """Project participants: sqrt(C / max(v, 1)) * centred votes * components."""
        return self._project(X, self._centred(X, self.center_, self.active_))

    def fit_transform(self, X: VoteMatrix, zeroed: np.ndarray | None = None) -> np.ndarray:
        """Fit and project `X`, centring its votes once for both."""
        return self._project(X, self._fit(X, zeroed))

    def _fit(self, X: VoteMatrix, zeroed: np.ndarray | None) -> sparse.csr_array:
        """Fit; return the centred matrix (all columns) for the projection."""
        if not isinstance(self.n_components, int) or self.n_components < 1:
            raise ValueError(f"n_components must be a positive integer, not {self.n_components!r}")
        if not self.tol >= 0:
            raise ValueError(f"tol must be non-negative, not {self.tol!r}")
        n_cols = X.shape[1]
        zeroed = np.zeros(n_cols, bool) if zeroed is None else np.asarray(zeroed, bool)
        agree, disagree, counts = X.totals
        voted = counts > 0
        active = voted & ~zeroed
        center = np.zeros(n_cols)
        center[active] = (agree - disagree)[active] / counts[active]
        self.center_ = center
        self.active_ = active
        self.zeroed_ = zeroed & voted
        self.n_statements_ = int(voted.sum())
        centred = self._centred(X, center, active)
        self.components_ = self._components(centred, active)
        self.statement_positions_ = np.sqrt(max(self.n_statements_, 1)) * (1.0 - center)[:, None] * self.components_.T
        self.statement_positions_[~active] = 0.0
        self.extremity_ = np.linalg.norm(self.statement_positions_, axis=1)
        return centred

    def _project(self, X: VoteMatrix, centred: sparse.csr_array) -> np.ndarray:
        raw = centred @ self.components_.T
        # Votes in active columns, plus the zeroed columns, which count as voted.
        voted = X.votes_per_participant().astype(np.float64)
        inactive = ~self.active_[X.cols]
        if inactive.any():
            voted -= np.bincount(X.rows[inactive], minlength=X.shape[0])
        voted += int(self.zeroed_.sum())
        scale = np.sqrt(self.n_statements_ / np.maximum(voted, 1.0))
        return raw * scale[:, None]

    @staticmethod
    def _centred(X: VoteMatrix, center: np.ndarray, active: np.ndarray) -> sparse.csr_array:
        data = np.where(active[X.cols], X.values - center[X.cols], 0.0)
        return X.csr(data)

    def _components(self, Z: sparse.csr_array, active: np.ndarray) -> np.ndarray:
        n_cols = Z.shape[1]
        k = self.n_components
        components = np.zeros((k, n_cols))
        columns = np.flatnonzero(active)
        if len(columns) == 0:
            return components
        if len(columns) < n_cols:
            Z = Z[:, columns]
        if len(columns) <= max(_DENSE_GRAM_COLUMNS, k + 1):
            gram = (Z.T @ Z).toarray()
            values, vectors = np.linalg.eigh(gram)
            order = np.argsort(-values, kind="stable")[:k]
            values, vectors = values[order], vectors[:, order]
        else:
            product = GramOperator(Z)
            start = np.random.default_rng(self.random_state).uniform(0.5, 1.5, len(columns))
            found = _lanczos(product, start, k, self.tol)
            if found is None:
                operator = sparse_linalg.LinearOperator((len(columns), len(columns)), matvec=product, dtype=np.float64)
                values, vectors = sparse_linalg.eigsh(
                    operator, k=k, which="LA", v0=start, tol=self.tol, ncv=min(len(columns), max(4 * k + 1, 24))
                )
            else:
                values, vectors = found
            order = np.argsort(-values, kind="stable")
            values, vectors = values[order], vectors[:, order]
        for i in range(min(k, vectors.shape[1])):
            if values[i] <= 0:
                continue
            vector = vectors[:, i]
            components[i, columns] = vector * orientation(vector)
        return components


def _lanczos(
    apply: Callable[[np.ndarray], np.ndarray], start: np.ndarray, k: int, tol: float
) -> tuple[np.ndarray, np.ndarray] | None:
    """Return the k largest eigenpairs of a symmetric operator, or None if not found in time.

    Plain Lanczos from `start` with full reorthogonalisation (classical
    Gram-Schmidt, twice), checked after every step: it stops once each of the
    k largest Ritz values theta has residual |beta_j s_ji| <= tol * |theta|
    (ARPACK's criterion), or when the Krylov space is exhausted.
    """
    n = len(start)
    steps = min(n, _MAX_LANCZOS_STEPS)
    basis = np.zeros((steps + 1, n))
    alpha, beta = np.zeros(steps), np.zeros(steps)
    basis[0] = start / np.linalg.norm(start)
    for j in range(steps):
        w = apply(basis[j])
        alpha[j] = basis[j] @ w
        kept = basis[: j + 1]
        for _ in range(2):
            w -= kept.T @ (kept @ w)
        beta[j] = np.linalg.norm(w)
        size = j + 1
        if size >= k:
            theta, s = linalg.eigh_tridiagonal(
                alpha[:size], beta[: size - 1], select="i", select_range=(size - k, size - 1)
            )
            scale = max(float(np.abs(alpha[:size]).max()), float(beta[:size].max()), np.finfo(float).tiny)
            exhausted = size == n or beta[j] <= np.finfo(float).eps * scale
            residual = beta[j] * np.abs(s[-1])
            if exhausted or np.all(residual <= tol * np.abs(theta)):
                return theta, kept.T @ s
        if beta[j] == 0:
            return None
        basis[j + 1] = w / beta[j]
    return None
