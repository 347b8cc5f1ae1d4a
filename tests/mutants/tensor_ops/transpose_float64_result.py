"""Allocates the result with np.zeros((n, m)): float64 whatever x's dtype."""
CATCHES = "test_naive_transpose_dtypes"

import numpy as np


def naive_transpose(x):
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got shape {x.shape}")
    z = np.zeros((x.shape[1], x.shape[0]))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[j, i] = x[i, j]
    return z
