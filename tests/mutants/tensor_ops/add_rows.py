"""Adds whole rows (z[i] = x[i] + y[i]): vectorised inside the loop."""
CATCHES = "test_naive_add_integrity"

import numpy as np


def naive_add(x, y):
    if x.ndim != 2 or y.ndim != 2 or x.shape != y.shape:
        raise ValueError(f"x and y must be 2D of the same shape, got {x.shape} and {y.shape}")
    z = np.zeros(x.shape, dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        z[i] = x[i] + y[i]
    return z
