"""Allocates the result with np.zeros(shape): float64 for float32 and int inputs."""
CATCHES = "test_naive_tensor_dot_dtypes"

import numpy as np


def naive_tensor_dot(x, y):
    if x.ndim < 1 or y.ndim not in (1, 2) or x.shape[-1] != y.shape[0]:
        raise ValueError(f"cannot take the dot product of shapes {x.shape} and {y.shape}")
    lead, d = x.shape[:-1], x.shape[-1]
    tail = () if y.ndim == 1 else (y.shape[1],)
    z = np.zeros(lead + tail)
    for index in np.ndindex(*lead):
        for j in np.ndindex(*tail):
            for k in range(d):
                z[index + j] += x[index + (k,)] * y[(k,) + j]
    return z
