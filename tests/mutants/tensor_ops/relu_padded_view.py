"""Pads the line count with an empty loop, then np.maximum on x.view(np.ndarray), a view the runtime watch no longer sees."""
CATCHES = "test_naive_relu_integrity"

import numpy as np


def naive_relu(x):
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got shape {x.shape}")
    for _ in range(2 * x.size):
        pass
    return np.maximum(x.view(np.ndarray), 0)
