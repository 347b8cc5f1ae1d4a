"""Checks x.shape[-1] against the target first: an IndexError for a 0D x."""
CATCHES = "test_naive_broadcast_to_edges"

import numpy as np


def naive_broadcast_to(x, shape):
    shape = tuple(int(d) for d in shape)
    if x.shape[-1] not in (1, shape[-1]):
        raise ValueError(f"cannot broadcast shape {x.shape} to {shape}")
    lead = len(shape) - x.ndim
    if lead < 0:
        raise ValueError(f"cannot broadcast shape {x.shape} to {shape}")
    padded = (1,) * lead + tuple(x.shape)
    for have, want in zip(padded, shape):
        if have != 1 and have != want:
            raise ValueError(f"cannot broadcast shape {x.shape} to {shape}")
    z = np.empty(shape, dtype=x.dtype)
    for index in np.ndindex(*shape):
        z[index] = x[tuple(0 if padded[lead + k] == 1 else index[lead + k] for k in range(x.ndim))]
    return z
