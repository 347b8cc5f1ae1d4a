"""Aligns shapes on the left (pads trailing axes) instead of the right."""
CATCHES = "test_naive_maximum_values"

import numpy as np


def naive_maximum(x, y):
    ndim = max(x.ndim, y.ndim)
    xs = tuple(x.shape) + (1,) * (ndim - x.ndim)
    ys = tuple(y.shape) + (1,) * (ndim - y.ndim)
    out = []
    for a, b in zip(xs, ys):
        if a != b and a != 1 and b != 1:
            raise ValueError(f"shapes {x.shape} and {y.shape} are not broadcast-compatible")
        out.append(b if a == 1 else a)
    z = np.empty(tuple(out), dtype=np.result_type(x, y))
    for index in np.ndindex(*out):
        xi = tuple(0 if xs[k] == 1 else index[k] for k in range(x.ndim))
        yi = tuple(0 if ys[k] == 1 else index[k] for k in range(y.ndim))
        z[index] = max(x[xi], y[yi])
    return z
