"""Adds the leading axes but forgets to repeat along x's own size-1 axes (reads x[index[lead:]])."""
CATCHES = "test_naive_broadcast_to_values"

import numpy as np


def naive_broadcast_to(x, shape):
    shape = tuple(int(d) for d in shape)
    lead = len(shape) - x.ndim
    if lead < 0:
        raise ValueError(f"cannot broadcast shape {x.shape} to {shape}")
    for have, want in zip(x.shape, shape[lead:]):
        if have != 1 and have != want:
            raise ValueError(f"cannot broadcast shape {x.shape} to {shape}")
    z = np.empty(shape, dtype=x.dtype)
    for index in np.ndindex(*shape):
        z[index] = x[index[lead:]]
    return z
