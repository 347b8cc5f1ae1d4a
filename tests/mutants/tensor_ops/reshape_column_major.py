"""Reads and writes in column-major (Fortran) order instead of row-major."""
CATCHES = "test_naive_reshape_values"

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
    z = np.empty(shape, dtype=x.dtype)
    src = (tuple(reversed(i)) for i in np.ndindex(*reversed(x.shape)))
    dst = (tuple(reversed(i)) for i in np.ndindex(*reversed(shape)))
    for s, d in zip(src, dst):
        z[d] = x[s]
    return z
