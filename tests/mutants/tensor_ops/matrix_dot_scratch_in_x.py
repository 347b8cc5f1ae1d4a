"""Multiplies x's entries in place (x[i, k] *= y[k, j]) while accumulating."""
CATCHES = "test_naive_matrix_dot_unmodified"

import numpy as np


def naive_matrix_dot(x, y):
    if x.ndim != 2 or y.ndim != 2 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected x (m, n) and y (n, p), got {x.shape} and {y.shape}")
    z = np.zeros((x.shape[0], y.shape[1]), dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            for k in range(x.shape[1]):
                x[i, k] *= y[k, j]
                z[i, j] += x[i, k]
    return z
