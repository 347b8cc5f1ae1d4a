"""Adds y to whole rows (z[i] = x[i] + y): NumPy broadcasting inside the loop."""
CATCHES = "test_naive_add_matrix_and_vector_integrity"

import numpy as np


def naive_add_matrix_and_vector(x, y):
    if x.ndim != 2 or y.ndim != 1 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected x (m, n) and y (n,), got {x.shape} and {y.shape}")
    z = np.zeros(x.shape, dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        z[i] = x[i] + y
    return z
