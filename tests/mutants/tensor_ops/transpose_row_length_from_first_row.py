"""Reads the row length with len(x[0]): fails on an empty (0, n) matrix."""
CATCHES = "test_naive_transpose_edges"

import numpy as np


def naive_transpose(x):
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got shape {x.shape}")
    n_cols = len(x[0])
    z = np.empty((n_cols, len(x)), dtype=x.dtype)
    for i in range(len(x)):
        for j in range(n_cols):
            z[j, i] = x[i, j]
    return z
