"""Walks x with two nested loops over rows and columns: only works for 1D/2D x."""
CATCHES = "test_naive_reshape_book_example"

import numpy as np


def _resolve(x, shape):
    shape = tuple(int(d) for d in ((shape,) if isinstance(shape, int) else shape))
    if shape.count(-1) > 1 or any(d < -1 for d in shape):
        raise ValueError(f"cannot reshape array of shape {x.shape} into shape {shape}")
    known = 1
    for d in shape:
        if d != -1:
            known *= d
    if -1 in shape:
        if known == 0 or x.size % known:
            raise ValueError(f"cannot reshape array of shape {x.shape} into shape {shape}")
        shape = tuple(x.size // known if d == -1 else d for d in shape)
    elif known != x.size:
        raise ValueError(f"cannot reshape array of shape {x.shape} into shape {shape}")
    return shape


def naive_reshape(x, shape):
    shape = _resolve(x, shape)
    if x.ndim > 2:
        raise ValueError(f"x must be 1D or 2D, got shape {x.shape}")
    rows, cols = (1, x.shape[0]) if x.ndim == 1 else x.shape
    z = np.empty(shape, dtype=x.dtype)
    out = np.ndindex(*shape)
    for i in range(rows):
        for j in range(cols):
            z[next(out)] = x[j] if x.ndim == 1 else x[i, j]
    return z
