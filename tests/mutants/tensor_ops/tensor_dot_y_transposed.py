"""Reads y[j, k] instead of y[k, j] for a 2D y."""
CATCHES = "test_naive_tensor_dot_values"

import numpy as np


def naive_tensor_dot(x, y):
    if x.ndim < 1 or y.ndim not in (1, 2) or x.shape[-1] != y.shape[0]:
        raise ValueError(f"cannot take the dot product of shapes {x.shape} and {y.shape}")
    lead, d = x.shape[:-1], x.shape[-1]
    dtype = np.result_type(x, y)
    if y.ndim == 1:
        z = np.zeros(lead, dtype=dtype)
        for index in np.ndindex(*lead):
            for k in range(d):
                z[index] += x[index + (k,)] * y[k]
        return z
    e = y.shape[1]
    z = np.zeros(lead + (e,), dtype=dtype)
    for index in np.ndindex(*lead):
        for j in range(e):
            for k in range(d):
                z[index + (j,)] += x[index + (k,)] * y[j, k]
    return z
