"""Calls np.maximum on the whole tensors."""
CATCHES = "test_naive_maximum_integrity"

import numpy as np


def _check(x, y):
    ndim = max(x.ndim, y.ndim)
    xs = (1,) * (ndim - x.ndim) + tuple(x.shape)
    ys = (1,) * (ndim - y.ndim) + tuple(y.shape)
    for a, b in zip(xs, ys):
        if a != b and a != 1 and b != 1:
            raise ValueError(f"shapes {x.shape} and {y.shape} are not broadcast-compatible")
    return ndim, xs, ys


def naive_maximum(x, y):
    _check(x, y)
    return np.maximum(x, y)
