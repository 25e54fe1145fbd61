"""The engine's hottest sparse products, compiled when possible.

Lanczos for the PCA needs Z^T (Z v) about a hundred times per map, and each
bridging sweep needs five sums per participant and five per statement. With
scipy these are several separate passes over the stored votes (and scipy's
products with several vectors at once are slow); the C extension
`parley.engine._kernels` does each in one pass and releases the GIL.

The C loops add in exactly the order scipy's products do and are compiled
without fused multiply-add, so both ways give bit-identical results where
scipy's own loops are built the same way, as on x86-64
(`parley/engine/tests/test_kernels.py` compares them). The extension
is built at install time when a C compiler is available (`setup.py`); without
one, Parley installs and runs the same analysis with numpy and scipy alone,
more slowly.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

try:
    from parley.engine import _kernels
except ImportError:  # installed without a C compiler
    _kernels = None  # type: ignore[assignment]


def compiled() -> bool:
    """Tell whether the compiled loops were built (then every product they can take uses them)."""
    return _kernels is not None


class RowMatrix:
    """A CSR matrix read by the compiled loops: 32-bit indices, checked once.

    The column indices are checked here once per matrix, so that a bad
    matrix is refused when it is built; the C loops check them again on
    every call (one cheap pass), so that the extension is safe on its own.
    The arrays are shared, not copied: the
    matrix must not change while this object is in use. Without the
    extension, or for a matrix too large for 32-bit indices, scipy does the
    work.
    """

    def __init__(self, matrix: sparse.csr_array) -> None:
        self.matrix = matrix
        self.shape: tuple[int, int] = matrix.shape
        self.native = False
        if _kernels is None or max(matrix.nnz, *self.shape) >= np.iinfo(np.int32).max:
            return
        nnz = int(matrix.indptr[-1])
        indptr = np.ascontiguousarray(matrix.indptr, dtype=np.int32)
        indices = np.ascontiguousarray(matrix.indices[:nnz], dtype=np.int32)
        data = np.ascontiguousarray(matrix.data[:nnz], dtype=np.float64)
        if nnz and (indices.min() < 0 or indices.max() >= self.shape[1]):
            raise ValueError("column index out of range")
        self._parts = (indptr, indices, data)
        self.native = True

    def _vector(self, values: np.ndarray, length: int, name: str) -> np.ndarray:
        vector = np.ascontiguousarray(values, dtype=np.float64)
        if vector.shape != (length,):
            raise ValueError(f"{name} has shape {vector.shape}, expected ({length},)")
        return vector


class GramOperator(RowMatrix):
    """v -> Z^T (Z v) for a CSR matrix Z."""

    def __init__(self, matrix: sparse.csr_array) -> None:
        super().__init__(matrix)
        # The transpose is a view: scattering into the short column vector is the fast way.
        self._transposed = matrix.T

    def __call__(self, v: np.ndarray) -> np.ndarray:
        if not self.native:
            return self._transposed @ (self.matrix @ v)
        out = np.empty(self.shape[1])
        _kernels.gram_product(*self._parts, self._vector(v, self.shape[1], "v"), out)
        return out


class RatingSums(RowMatrix):
    """The five sums a bridging sweep needs, per row or per column, from a ratings matrix R.

    With P the pattern of R (1 where a rating is stored), `per_row(g, b)`
    returns P g, P g^2, P b, P (b g) and R g; `per_column(f, a)` returns
    P^T f, P^T f^2, P^T a, P^T (a f) and R^T f.
    """

    def __init__(self, ratings: sparse.csr_array) -> None:
        super().__init__(ratings)
        if not self.native:
            # Only scipy's way needs the pattern as a matrix of its own.
            pattern = sparse.csr_array((np.ones(ratings.nnz), ratings.indices, ratings.indptr), shape=ratings.shape)
            self._pattern = pattern
            # Transposes are views: scattering into the short statement vectors is the fast direction.
            self._ratings_t, self._pattern_t = ratings.T, pattern.T

    def per_row(self, g: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, ...]:
        if self.native:
            out = np.empty((self.shape[0], 5))
            n_cols = self.shape[1]
            _kernels.row_sums(*self._parts, self._vector(g, n_cols, "g"), self._vector(b, n_cols, "b"), out)
            return tuple(out.T)
        sums = self._pattern @ np.asfortranarray(np.column_stack([g, g**2, b, b * g]))
        return (*sums.T, self.matrix @ g)

    def per_column(self, f: np.ndarray, a: np.ndarray) -> tuple[np.ndarray, ...]:
        if self.native:
            out = np.empty((self.shape[1], 5))
            n_rows = self.shape[0]
            _kernels.column_sums(*self._parts, self._vector(f, n_rows, "f"), self._vector(a, n_rows, "a"), out)
            return tuple(out.T)
        sums = self._pattern_t @ np.asfortranarray(np.column_stack([f, f**2, a, a * f]))
        return (*sums.T, self._ratings_t @ f)
