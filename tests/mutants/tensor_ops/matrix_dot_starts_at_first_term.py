"""Starts each z[i, j] from x[i, 0] * y[0, j]: fails when n = 0."""
CATCHES = "test_naive_matrix_dot_edges"

import numpy as np


def naive_matrix_dot(x, y):
    if x.ndim != 2 or y.ndim != 2 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected x (m, n) and y (n, p), got {x.shape} and {y.shape}")
    z = np.zeros((x.shape[0], y.shape[1]), dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            z[i, j] = x[i, 0] * y[0, j]
            for k in range(1, x.shape[1]):
                z[i, j] += x[i, k] * y[k, j]
    return z
