"""Calls np.maximum on the whole array instead of looping."""
CATCHES = "test_naive_relu_integrity"

import numpy as np


def naive_relu(x):
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got shape {x.shape}")
    return np.maximum(x, 0)
