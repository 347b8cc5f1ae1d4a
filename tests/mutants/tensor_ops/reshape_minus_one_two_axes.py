"""Resolves -1 as if the shape always had two entries."""
CATCHES = "test_naive_reshape_edges"

import numpy as np


def naive_reshape(x, shape):
    shape = tuple(int(d) for d in shape)
    if -1 in shape:
        other = shape[1] if shape[0] == -1 else shape[0]
        shape = tuple(x.size // other if d == -1 else d for d in shape)
    count = 1
    for d in shape:
        count *= d
    if count != x.size or shape.count(-1) > 1:
        raise ValueError(f"cannot reshape array of shape {x.shape} into shape {shape}")
    z = np.empty(shape, dtype=x.dtype)
    for s, d in zip(np.ndindex(*x.shape), np.ndindex(*shape)):
        z[d] = x[s]
    return z
