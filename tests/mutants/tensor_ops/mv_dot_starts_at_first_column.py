"""Starts each z[i] from x[i, 0] * y[0]: fails when n = 0."""
CATCHES = "test_naive_matrix_vector_dot_edges"

import numpy as np


def naive_matrix_vector_dot(x, y):
    if x.ndim != 2 or y.ndim != 1 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected x (m, n) and y (n,), got {x.shape} and {y.shape}")
    z = np.zeros(x.shape[0], dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        z[i] = x[i, 0] * y[0]
        for j in range(1, x.shape[1]):
            z[i] += x[i, j] * y[j]
    return z
