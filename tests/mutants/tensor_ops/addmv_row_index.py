"""Indexes the vector with the row index: y[i] instead of y[j]."""
CATCHES = "test_naive_add_matrix_and_vector_values"

import numpy as np


def naive_add_matrix_and_vector(x, y):
    if x.ndim != 2 or y.ndim != 1 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected x (m, n) and y (n,), got {x.shape} and {y.shape}")
    z = np.zeros(x.shape, dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = x[i, j] + y[min(i, y.shape[0] - 1)]
    return z
