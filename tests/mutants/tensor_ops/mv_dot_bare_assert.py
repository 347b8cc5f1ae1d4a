"""The book's asserts: AssertionError instead of ValueError."""
CATCHES = "test_naive_matrix_vector_dot_shape_errors"

import numpy as np


def naive_matrix_vector_dot(x, y):
    assert len(x.shape) == 2
    assert len(y.shape) == 1
    assert x.shape[1] == y.shape[0]
    z = np.zeros(x.shape[0], dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i] += x[i, j] * y[j]
    return z
