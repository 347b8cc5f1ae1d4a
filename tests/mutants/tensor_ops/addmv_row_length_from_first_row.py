"""Reads the row length with len(x[0]): fails on an empty (0, n) matrix."""
CATCHES = "test_naive_add_matrix_and_vector_edges"

import numpy as np


def naive_add_matrix_and_vector(x, y):
    if x.ndim != 2 or y.ndim != 1 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected x (m, n) and y (n,), got {x.shape} and {y.shape}")
    z = np.zeros(x.shape, dtype=np.result_type(x, y))
    n_cols = len(x[0])
    for i in range(len(x)):
        for j in range(n_cols):
            z[i, j] = x[i, j] + y[j]
    return z
