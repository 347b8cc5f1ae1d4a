"""Never checks the element count: zip silently stops at the shorter walk."""
CATCHES = "test_naive_reshape_errors"

import numpy as np


def naive_reshape(x, shape):
    shape = tuple(int(d) for d in shape)
    if -1 in shape:
        known = 1
        for d in shape:
            if d != -1:
                known *= d
        shape = tuple(max(x.size // known, 1) if d == -1 else d for d in shape)
    z = np.zeros(shape, dtype=x.dtype)
    for s, d in zip(np.ndindex(*x.shape), np.ndindex(*shape)):
        z[d] = x[s]
    return z
