"""The book's z = np.zeros((m, p)): float64 whatever the input dtypes."""
CATCHES = "test_naive_matrix_dot_dtypes"

import numpy as np


def naive_matrix_dot(x, y):
    if x.ndim != 2 or y.ndim != 2 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected x (m, n) and y (n, p), got {x.shape} and {y.shape}")
    z = np.zeros((x.shape[0], y.shape[1]))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            for k in range(x.shape[1]):
                z[i, j] += x[i, k] * y[k, j]
    return z
