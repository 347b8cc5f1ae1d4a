"""Reads y[j, i] instead of y[i, j] (transposed indices)."""
CATCHES = "test_naive_add_values"

import numpy as np


def naive_add(x, y):
    if x.ndim != 2 or y.ndim != 2 or x.shape != y.shape:
        raise ValueError(f"x and y must be 2D of the same shape, got {x.shape} and {y.shape}")
    z = np.zeros(x.shape, dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = x[i, j] + y[j, i]
    return z
