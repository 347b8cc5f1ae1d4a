"""Loops over x's indices only, as if y were always the smaller tensor (the book's case)."""
CATCHES = "test_naive_maximum_smaller_first"

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
    z = np.empty(x.shape, dtype=np.result_type(x, y))
    lead = x.ndim - y.ndim
    for index in np.ndindex(*x.shape):
        yi = tuple(0 if y.shape[k] == 1 else index[lead + k] for k in range(y.ndim))
        z[index] = max(x[index], y[yi])
    return z
