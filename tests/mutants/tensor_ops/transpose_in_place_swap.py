"""Swaps x[i, j] and x[j, i] in place for square matrices (returns x)."""
CATCHES = "test_naive_transpose_unmodified"

import numpy as np


def naive_transpose(x):
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got shape {x.shape}")
    m, n = x.shape
    if m == n:
        for i in range(m):
            for j in range(i + 1, n):
                x[i, j], x[j, i] = x[j, i], x[i, j]
        return x
    z = np.empty((n, m), dtype=x.dtype)
    for i in range(m):
        for j in range(n):
            z[j, i] = x[i, j]
    return z
