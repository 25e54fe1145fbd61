"""The compiled loops give bit for bit what numpy and scipy give, and refuse bad buffers."""

from __future__ import annotations

import os
import platform

import numpy as np
import pytest
from scipy import sparse

from parley.engine import analyze, kernels
from parley.engine.synthetic import two_sided

needs_compiled = pytest.mark.skipif(
    not kernels.compiled() and not os.environ.get("PARLEY_STRICT_TESTS"),
    reason="the C extension parley.engine._kernels is not built (no C compiler at install time)",
)
# scipy's own loops are built without fused multiply-add on x86-64; elsewhere allow rounding.
EXACT = platform.machine().lower() in ("x86_64", "amd64")


def same(first, second) -> None:
    if EXACT:
        np.testing.assert_array_equal(first, second)
    else:
        np.testing.assert_allclose(first, second, rtol=1e-12, atol=1e-12)


def random_csr(n_rows: int, n_cols: int, density: float, seed: int, values=(-1.0, 0.0, 1.0)) -> sparse.csr_array:
    rng = np.random.default_rng(seed)
    cells = rng.random((n_rows, n_cols)) < density
    data = rng.choice(values, size=int(cells.sum())) - rng.random(int(cells.sum())) * 0.3
    rows, cols = np.nonzero(cells)
    matrix = sparse.csr_array((data, (rows, cols)), shape=(n_rows, n_cols))
    matrix.indptr = matrix.indptr.astype(np.int32)
    matrix.indices = matrix.indices.astype(np.int32)
    return matrix


SHAPES = [(1, 1, 1.0), (5, 3, 0.5), (200, 70, 0.2), (301, 90, 0.9), (50, 40, 0.0), (0, 10, 0.5), (7, 0, 0.5)]


def without_compiled(monkeypatch, build):
    monkeypatch.setattr(kernels, "_kernels", None)
    made = build()
    monkeypatch.undo()
    return made


@pytest.mark.skipif(not os.environ.get("PARLEY_STRICT_TESTS"), reason="only CI (PARLEY_STRICT_TESTS) requires them")
def test_compiled_loops_are_built_where_ci_requires_them():
    assert kernels.compiled(), "PARLEY_STRICT_TESTS is set but parley.engine._kernels was not built"


def test_the_analysis_says_which_loops_it_ran_and_falls_back_to_numpy(monkeypatch):
    conversation = two_sided(120, 70, 3_000, seed=3)
    used = analyze(conversation.votes, sides=conversation.sides).to_dict()["meta"]["loops"]
    assert used == ("compiled" if kernels.compiled() else "numpy")
    monkeypatch.setattr(kernels, "_kernels", None)
    assert not kernels.compiled()
    assert not kernels.GramOperator(random_csr(5, 3, 0.5, seed=1)).native
    assert analyze(conversation.votes, sides=conversation.sides).to_dict()["meta"]["loops"] == "numpy"


@needs_compiled
@pytest.mark.parametrize(("n_rows", "n_cols", "density"), SHAPES)
def test_gram_product_equals_scipy_bit_for_bit(monkeypatch, n_rows, n_cols, density):
    matrix = random_csr(n_rows, n_cols, density, seed=n_rows + n_cols)
    compiled = kernels.GramOperator(matrix)
    fallback = without_compiled(monkeypatch, lambda: kernels.GramOperator(matrix))
    assert compiled.native and not fallback.native
    for seed in range(3):
        v = np.random.default_rng(seed).normal(size=n_cols)
        same(compiled(v), fallback(v))
        same(fallback(v), matrix.T @ (matrix @ v))
    # A strided view of a vector is read as its values.
    wide = np.random.default_rng(9).normal(size=(n_cols, 2))
    same(compiled(wide[:, 1]), fallback(wide[:, 1].copy()))


@needs_compiled
@pytest.mark.parametrize(("n_rows", "n_cols", "density"), SHAPES)
def test_rating_sums_equal_scipy_bit_for_bit(monkeypatch, n_rows, n_cols, density):
    ratings = random_csr(n_rows, n_cols, density, seed=3 * n_rows + n_cols, values=(0.0, 0.5, 1.0))
    compiled = kernels.RatingSums(ratings)
    fallback = without_compiled(monkeypatch, lambda: kernels.RatingSums(ratings))
    rng = np.random.default_rng(1)
    g, b = rng.normal(size=n_cols), rng.normal(size=n_cols)
    f, a = rng.normal(size=n_rows), rng.normal(size=n_rows)
    for got, want in zip(compiled.per_row(g, b), fallback.per_row(g, b), strict=True):
        same(got, want)
    for got, want in zip(compiled.per_column(f, a), fallback.per_column(f, a), strict=True):
        same(got, want)
    pattern = sparse.csr_array((np.ones(ratings.nnz), ratings.indices, ratings.indptr), shape=ratings.shape)
    np.testing.assert_allclose(compiled.per_row(g, b)[1], pattern @ g**2, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(compiled.per_column(f, a)[4], ratings.T @ f, rtol=1e-12, atol=1e-12)


@needs_compiled
def test_the_whole_analysis_is_byte_identical_without_the_compiled_loops(monkeypatch):
    # Over 64 statements, so the maps use Lanczos (the compiled product), as large dialogues do.
    conversation = two_sided(1_200, 120, 40_000, revote_rate=0.05, seed=8)
    with_loops = analyze(conversation.votes, sides=conversation.sides)
    assert with_loops.to_dict()["meta"]["loops"] == "compiled"
    compiled = with_loops.to_json(timings=False)
    monkeypatch.setattr(kernels, "_kernels", None)
    without = analyze(conversation.votes, sides=conversation.sides)
    assert without.to_dict()["meta"]["loops"] == "numpy"
    assert "loops" not in without.to_dict(timings=False)["meta"]
    fallback = without.to_json(timings=False)
    if EXACT:
        assert compiled == fallback
    else:
        assert len(compiled) == len(fallback)


@needs_compiled
def test_the_compiled_loops_refuse_buffers_of_the_wrong_type_or_size():
    from parley.engine import _kernels

    matrix = random_csr(6, 4, 0.5, seed=2)
    indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
    v, out = np.ones(4), np.empty(4)
    with pytest.raises(TypeError, match="indices must hold int32"):
        _kernels.gram_product(indptr, indices.astype(np.int64), data, v, out)
    with pytest.raises(TypeError, match="data must hold float64"):
        _kernels.gram_product(indptr, indices, data.astype(np.float32), v, out)
    with pytest.raises(ValueError, match="data has"):
        _kernels.gram_product(indptr, indices, data[:-1], v, out)
    with pytest.raises(ValueError, match="out has 3 items, expected 4"):
        _kernels.gram_product(indptr, indices, data, v, np.empty(3))
    with pytest.raises(ValueError, match="indptr must start at 0"):
        _kernels.gram_product(indptr + 1, indices, data, v, out)
    decreasing = indptr.copy()
    decreasing[2] = decreasing[3] + 1
    with pytest.raises(ValueError, match="indptr must not decrease"):
        _kernels.gram_product(decreasing, indices, data, v, out)
    with pytest.raises(ValueError, match="indptr must not be empty"):
        _kernels.gram_product(indptr[:0], indices[:0], data[:0], v, out)
    with pytest.raises(TypeError, match="takes 5 arguments"):
        _kernels.gram_product(indptr, indices, data, v)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="out has"):
        _kernels.row_sums(indptr, indices, data, v, v, np.empty(5))
    with pytest.raises(ValueError, match="5 values per column"):
        _kernels.column_sums(indptr, indices, data, np.ones(6), np.ones(6), np.empty(7))
    readonly = np.empty(4)
    readonly.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        _kernels.gram_product(indptr, indices, data, v, readonly)


@needs_compiled
def test_a_column_index_out_of_range_is_refused_before_any_compiled_loop_runs():
    matrix = random_csr(4, 3, 1.0, seed=1)
    matrix.indices[2] = 7
    with pytest.raises(ValueError, match="column index out of range"):
        kernels.GramOperator(matrix)


@needs_compiled
def test_vectors_of_the_wrong_length_are_refused_not_read_past_their_end():
    matrix = random_csr(3, 4, 1.0, seed=4)
    with pytest.raises(ValueError, match=r"v has shape \(3,\), expected \(4,\)"):
        kernels.GramOperator(matrix)(np.ones(3))
    sums = kernels.RatingSums(matrix)
    with pytest.raises(ValueError, match="g has shape"):
        sums.per_row(np.ones(1), np.ones(4))
    with pytest.raises(ValueError, match="a has shape"):
        sums.per_column(np.ones(3), np.ones(4))


@needs_compiled
def test_buffers_in_the_other_byte_order_are_refused():
    from parley.engine import _kernels

    matrix = random_csr(3, 2, 1.0, seed=5)
    swapped = ">f8" if np.little_endian else "<f8"
    with pytest.raises(TypeError, match="this machine's byte order"):
        _kernels.gram_product(matrix.indptr, matrix.indices, matrix.data.astype(swapped), np.ones(2), np.empty(2))


@needs_compiled
def test_spare_capacity_beyond_the_stored_values_is_ignored_as_scipy_does():
    matrix = random_csr(6, 5, 0.6, seed=6)
    roomy = sparse.csr_array(
        (np.append(matrix.data, [7.0, 8.0]), np.append(matrix.indices, [4, 4]).astype(np.int32), matrix.indptr),
        shape=matrix.shape,
    )
    v = np.arange(5.0)
    operator = kernels.GramOperator(roomy)
    assert operator.native
    same(operator(v), matrix.T @ (matrix @ v))


def test_a_matrix_too_wide_for_32_bit_indices_is_left_to_scipy():
    wide = sparse.csr_array((np.ones(1), (np.zeros(1, np.int64), np.array([2**32 + 3]))), shape=(1, 2**33))
    assert not kernels.GramOperator(wide).native
