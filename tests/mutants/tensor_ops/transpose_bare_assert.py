"""`assert x.ndim == 2`: an AssertionError instead of ValueError."""
CATCHES = "test_naive_transpose_wrong_rank"

import numpy as np


def naive_transpose(x):
    assert x.ndim == 2
    z = np.empty((x.shape[1], x.shape[0]), dtype=x.dtype)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[j, i] = x[i, j]
    return z
