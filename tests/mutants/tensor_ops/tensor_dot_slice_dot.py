"""Uses np.dot(x[index], y) on each last-axis slice (vectorised inner loop)."""
CATCHES = "test_naive_tensor_dot_integrity"

import numpy as np


def naive_tensor_dot(x, y):
    if x.ndim < 1 or y.ndim not in (1, 2) or x.shape[-1] != y.shape[0]:
        raise ValueError(f"cannot take the dot product of shapes {x.shape} and {y.shape}")
    lead = x.shape[:-1]
    tail = () if y.ndim == 1 else (y.shape[1],)
    z = np.zeros(lead + tail, dtype=np.result_type(x, y))
    for index in np.ndindex(*lead):
        z[index] = np.dot(x[index], y)
    return z
