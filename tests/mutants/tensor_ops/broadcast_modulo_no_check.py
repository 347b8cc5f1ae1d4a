"""Repeats with index % size (like np.tile) and never checks compatibility."""
CATCHES = "test_naive_broadcast_to_incompatible"

import numpy as np


def naive_broadcast_to(x, shape):
    shape = tuple(int(d) for d in shape)
    lead = len(shape) - x.ndim
    z = np.empty(shape, dtype=x.dtype)
    for index in np.ndindex(*shape):
        z[index] = x[tuple(index[lead + k] % x.shape[k] for k in range(x.ndim))] if lead >= 0 else 0
    return z
