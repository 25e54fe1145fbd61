"""What the compiled loops' column-index check costs, on 40,000 x 900 with 4.5M stored votes.

Times each loop of `parley.engine._kernels` (CPU time, best and median of REPS calls) and the
check alone: a call whose very last index is out of range is refused after checking every index
and before the loop runs. Run from the repository root: python -m bench.kernel_checks [REPS]
"""

from __future__ import annotations

import contextlib
import sys
import time

import numpy as np

from bench.harness import table


def main(reps: int = 200) -> None:
    from parley.engine import _kernels

    rng = np.random.default_rng(0)
    n_rows, n_cols, nnz = 40_000, 900, 4_500_000
    counts = rng.multinomial(nnz, np.ones(n_rows) / n_rows)
    indptr = np.zeros(n_rows + 1, np.int32)
    np.cumsum(counts, out=indptr[1:])
    indices = np.concatenate([np.sort(rng.permutation(n_cols)[:c]) for c in counts]).astype(np.int32)
    data = rng.choice([-1.0, 0.0, 1.0], nnz)
    v, f = rng.random(n_cols), rng.random(n_rows)
    bad = indices.copy()
    bad[-1] = n_cols

    def refused() -> None:
        with contextlib.suppress(ValueError):
            _kernels.gram_product(indptr, bad, data, v, np.empty(n_cols))

    calls = {
        "gram_product": lambda: _kernels.gram_product(indptr, indices, data, v, np.empty(n_cols)),
        "row_sums": lambda: _kernels.row_sums(indptr, indices, data, v, v, np.empty((n_rows, 5))),
        "column_sums": lambda: _kernels.column_sums(indptr, indices, data, f, f, np.empty((n_cols, 5))),
        "the index check alone": refused,
    }
    rows: list[list[object]] = []
    for name, call in calls.items():
        times = []
        for _ in range(reps):
            start = time.process_time()
            call()
            times.append(time.process_time() - start)
        rows.append([name, f"{min(times) * 1e3:.2f}", f"{float(np.median(times)) * 1e3:.2f}"])
    print(table(rows, ["loop", "best ms", "median ms"]))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
