"""Calls np.dot on the vectors."""
CATCHES = "test_naive_vector_dot_integrity"

import numpy as np


def naive_vector_dot(x, y):
    if x.ndim != 1 or y.ndim != 1 or x.shape[0] != y.shape[0]:
        raise ValueError(f"x and y must be 1D of the same length, got {x.shape} and {y.shape}")
    return np.dot(x, y)
