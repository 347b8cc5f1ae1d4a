"""Pads the line count with an empty loop, then reaches np.maximum and x.view by names built at run time (getattr)."""
CATCHES = "test_naive_relu_integrity"

import numpy as np


def naive_relu(x):
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got shape {x.shape}")
    for _ in range(2 * x.size):
        pass
    maximum = getattr(np, "max" + "imum")
    plain = getattr(x, "vi" + "ew")(np.ndarray)
    return maximum(plain, 0)
