"""The book's asserts on ranks and x.shape[1] == y.shape[0]: AssertionError."""
CATCHES = "test_naive_add_matrix_and_vector_shape_errors"

import numpy as np


def naive_add_matrix_and_vector(x, y):
    assert len(x.shape) == 2
    assert len(y.shape) == 1
    assert x.shape[1] == y.shape[0]
    z = np.zeros(x.shape, dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = x[i, j] + y[j]
    return z
