"""Step 1 by assigning x.shape = (1, ..., 1) + x.shape: changes the caller's array."""
CATCHES = "test_naive_broadcast_to_unmodified"

import numpy as np


def naive_broadcast_to(x, shape):
    shape = tuple(int(d) for d in shape)
    lead = len(shape) - x.ndim
    if lead < 0:
        raise ValueError(f"cannot broadcast shape {x.shape} to {shape}")
    x.shape = (1,) * lead + tuple(x.shape)
    for have, want in zip(x.shape, shape):
        if have != 1 and have != want:
            raise ValueError(f"cannot broadcast shape {x.shape} to {shape}")
    z = np.empty(shape, dtype=x.dtype)
    for index in np.ndindex(*shape):
        z[index] = x[tuple(0 if x.shape[k] == 1 else index[k] for k in range(len(shape)))]
    return z
