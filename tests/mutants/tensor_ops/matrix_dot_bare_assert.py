"""The book's `assert x.shape[1] == y.shape[0]`: AssertionError instead of ValueError."""
CATCHES = "test_naive_matrix_dot_shape_errors"

import numpy as np


def naive_matrix_dot(x, y):
    assert len(x.shape) == 2
    assert len(y.shape) == 2
    assert x.shape[1] == y.shape[0]
    z = np.zeros((x.shape[0], y.shape[1]), dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            for k in range(x.shape[1]):
                z[i, j] += x[i, k] * y[k, j]
    return z
