# Types of the C extension built from _kernels.c (see kernels.py).
import numpy as np

def gram_product(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, v: np.ndarray, out: np.ndarray) -> None: ...
def row_sums(
    indptr: np.ndarray, indices: np.ndarray, ratings: np.ndarray, g: np.ndarray, b: np.ndarray, out: np.ndarray
) -> None: ...
def column_sums(
    indptr: np.ndarray, indices: np.ndarray, ratings: np.ndarray, f: np.ndarray, a: np.ndarray, out: np.ndarray
) -> None: ...
