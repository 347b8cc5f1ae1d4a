"""Reads the row length with len(x[0]): fails on an empty (0, n) matrix."""
CATCHES = "test_naive_add_edges"

import numpy as np


def naive_add(x, y):
    if x.ndim != 2 or y.ndim != 2 or x.shape != y.shape:
        raise ValueError(f"x and y must be 2D of the same shape, got {x.shape} and {y.shape}")
    z = np.zeros(x.shape, dtype=np.result_type(x, y))
    n_cols = len(x[0])
    for i in range(len(x)):
        for j in range(n_cols):
            z[i, j] = x[i, j] + y[i, j]
    return z
