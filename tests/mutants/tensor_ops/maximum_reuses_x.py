"""Writes the result into x when x already has the result's shape and dtype."""
CATCHES = "test_naive_maximum_unmodified"

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
    ndim, xs, ys = _check(x, y)
    out = tuple(b if a == 1 else a for a, b in zip(xs, ys))
    dtype = np.result_type(x, y)
    z = x if (x.shape == out and x.dtype == dtype) else np.empty(out, dtype=dtype)
    for index in np.ndindex(*out):
        xi = tuple(0 if xs[k] == 1 else index[k] for k in range(ndim - x.ndim, ndim))
        yi = tuple(0 if ys[k] == 1 else index[k] for k in range(ndim - y.ndim, ndim))
        z[index] = max(x[xi], y[yi])
    return z
