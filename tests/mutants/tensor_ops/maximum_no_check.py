"""Never checks compatibility: takes max sizes and lets indexing fail with IndexError."""
CATCHES = "test_naive_maximum_incompatible"

import numpy as np


def naive_maximum(x, y):
    ndim = max(x.ndim, y.ndim)
    xs = (1,) * (ndim - x.ndim) + tuple(x.shape)
    ys = (1,) * (ndim - y.ndim) + tuple(y.shape)
    out = tuple(max(a, b) for a, b in zip(xs, ys))
    z = np.empty(out, dtype=np.result_type(x, y))
    for index in np.ndindex(*out):
        xi = tuple(0 if xs[k] == 1 else index[k] for k in range(ndim - x.ndim, ndim))
        yi = tuple(0 if ys[k] == 1 else index[k] for k in range(ndim - y.ndim, ndim))
        z[index] = max(x[xi], y[yi])
    return z
