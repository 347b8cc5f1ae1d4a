"""Allocates an (m, n) result (x's own shape): only right for square matrices."""
CATCHES = "test_naive_transpose_values"

import numpy as np


def naive_transpose(x):
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got shape {x.shape}")
    z = np.empty(x.shape, dtype=x.dtype)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[j, i] = x[i, j]
    return z
