"""Uses np.dot(x[i, :], y) for each row (vectorised inner loop)."""
CATCHES = "test_naive_matrix_vector_dot_integrity"

import numpy as np


def naive_matrix_vector_dot(x, y):
    if x.ndim != 2 or y.ndim != 1 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected x (m, n) and y (n,), got {x.shape} and {y.shape}")
    z = np.zeros(x.shape[0], dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        z[i] = np.dot(x[i, :], y)
    return z
