"""Multiplies x[j, i] by y[j]: walks x's columns instead of its rows."""
CATCHES = "test_naive_matrix_vector_dot_values"

import numpy as np


def naive_matrix_vector_dot(x, y):
    if x.ndim != 2 or y.ndim != 1 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected x (m, n) and y (n,), got {x.shape} and {y.shape}")
    z = np.zeros(x.shape[0], dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i] += x[j, i] * y[j]
    return z
