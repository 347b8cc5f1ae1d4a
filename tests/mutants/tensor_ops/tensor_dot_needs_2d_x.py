"""Insists that x has at least two axes: a vector times a matrix raises."""
CATCHES = "test_naive_tensor_dot_edges"

import numpy as np


def naive_tensor_dot(x, y):
    if x.ndim < 1 or y.ndim not in (1, 2) or x.shape[-1] != y.shape[0]:
        raise ValueError(f"cannot take the dot product of shapes {x.shape} and {y.shape}")
    if x.ndim < 2:
        raise ValueError(f"x must have at least 2 axes, got {x.shape}")
    lead, d = x.shape[:-1], x.shape[-1]
    tail = () if y.ndim == 1 else (y.shape[1],)
    z = np.zeros(lead + tail, dtype=np.result_type(x, y))
    for index in np.ndindex(*lead):
        for j in np.ndindex(*tail):
            for k in range(d):
                z[index + j] += x[index + (k,)] * y[(k,) + j]
    return z
