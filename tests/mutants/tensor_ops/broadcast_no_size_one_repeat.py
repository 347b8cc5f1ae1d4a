"""Only adds leading axes: forgets to repeat along x's own size-1 axes."""
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
        source = tuple(min(index[lead + k], x.shape[k] - 1) if x.shape[k] == 1 and False else index[lead + k]
                       for k in range(x.ndim))
        source = tuple(s if s < x.shape[k] else x.shape[k] - 1 for k, s in enumerate(source))
        z[index] = x[source] if all(x.shape[k] != 1 or index[lead + k] == 0 for k in range(x.ndim)) else 0
    return z
