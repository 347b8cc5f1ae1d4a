"""The book's `assert x.shape == y.shape`: AssertionError instead of ValueError."""
CATCHES = "test_naive_add_shape_errors"

import numpy as np


def naive_add(x, y):
    assert len(x.shape) == 2
    assert x.shape == y.shape
    z = np.zeros(x.shape, dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = x[i, j] + y[i, j]
    return z
