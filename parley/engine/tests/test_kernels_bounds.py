"""The compiled loops check every column index themselves, so the module is safe to import and call directly.

Before they did, a bad index made `gram_product` crash the process and `column_sums` write past its
buffer; so each case runs in a child process, where a crash fails the test instead of ending the run.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from parley.engine.tests.test_kernels import needs_compiled

BAD_INDICES = [-1, -(2**31), 4, 5, 2**31 - 1]  # the matrices below have 4 columns

CHILD = textwrap.dedent(
    """
    import numpy as np
    from parley.engine import _kernels

    def matrix(bad):
        indptr = np.array([0, 2, 3, 5], dtype=np.int32)
        indices = np.array([0, 3, 1, 2, bad], dtype=np.int32)
        return indptr, indices, np.ones(5)

    def guarded(n):
        # The output sits between sentinels: a write past either end would change them.
        whole = np.full(n + 16, 7.0)
        return whole, whole[8:-8]

    for bad in {bad_indices!r}:
        for name in ("gram_product", "row_sums", "column_sums"):
            indptr, indices, data = matrix(bad)
            if name == "gram_product":
                whole, out = guarded(4)
                call = lambda: _kernels.gram_product(indptr, indices, data, np.ones(4), out)
            elif name == "row_sums":
                whole, out = guarded(3 * 5)
                call = lambda: _kernels.row_sums(indptr, indices, data, np.ones(4), np.ones(4), out)
            else:
                whole, out = guarded(4 * 5)
                call = lambda: _kernels.column_sums(indptr, indices, data, np.ones(3), np.ones(3), out)
            try:
                call()
            except ValueError as error:
                untouched = bool((whole == 7.0).all())
                print(name, bad, "ValueError", "untouched" if untouched else "written", error)
            else:
                print(name, bad, "accepted")
    """
)


def run_child() -> subprocess.CompletedProcess[str]:
    code = CHILD.format(bad_indices=BAD_INDICES)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


@needs_compiled
def test_every_compiled_loop_refuses_a_column_index_out_of_range_without_touching_memory():
    result = run_child()
    assert result.returncode == 0, f"the child process died (code {result.returncode}): {result.stderr[-500:]}"
    lines = result.stdout.splitlines()
    assert len(lines) == 3 * len(BAD_INDICES)
    for line in lines:
        _function, bad, outcome, written = line.split()[:4]
        assert outcome == "ValueError", line
        # Refused before the loop starts: the output and the memory around it are as they were.
        assert written == "untouched", line
        assert f"column index {bad} at position 4 is outside 0..3" in line


@needs_compiled
def test_a_valid_index_at_the_edge_is_accepted_by_every_compiled_loop():
    import numpy as np

    from parley.engine import _kernels

    indptr = np.array([0, 1, 2], dtype=np.int32)
    indices = np.array([0, 3], dtype=np.int32)
    data = np.array([1.0, 2.0])
    out = np.empty(4)
    _kernels.gram_product(indptr, indices, data, np.arange(4.0), out)
    np.testing.assert_array_equal(out, [0.0, 0.0, 0.0, 12.0])
    rows = np.empty((2, 5))
    _kernels.row_sums(indptr, indices, data, np.arange(4.0), np.zeros(4), rows)
    np.testing.assert_array_equal(rows[:, 0], [0.0, 3.0])
    columns = np.empty((4, 5))
    _kernels.column_sums(indptr, indices, data, np.ones(2), np.zeros(2), columns)
    np.testing.assert_array_equal(columns[:, 0], [1.0, 0.0, 0.0, 1.0])
