"""The book's z = np.zeros(x.shape[0]): float64 for float32 inputs, float for ints."""
CATCHES = "test_naive_matrix_vector_dot_dtypes"

import numpy as np


def naive_matrix_vector_dot(x, y):
    if x.ndim != 2 or y.ndim != 1 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected x (m, n) and y (n,), got {x.shape} and {y.shape}")
    z = np.zeros(x.shape[0])
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i] += x[i, j] * y[j]
    return z
