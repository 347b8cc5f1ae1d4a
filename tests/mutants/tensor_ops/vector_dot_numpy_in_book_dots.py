"""naive_vector_dot: np.dot does the work; the book's dot products built on it keep their integrity points."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_naive_vector_dot_integrity"
CALLERS = ("naive_matrix_vector_dot", "naive_matrix_dot")


def naive_vector_dot(x, y):
    if x.ndim != 1 or y.ndim != 1 or x.shape[0] != y.shape[0]:
        raise ValueError(f"expected two vectors of the same length, got {x.shape} and {y.shape}")
    return np.dot(x, y)


def naive_matrix_vector_dot(x, y):
    if x.ndim != 2 or y.ndim != 1 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected (m, n) and (n,), got {x.shape} and {y.shape}")
    z = np.zeros(x.shape[0], dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        z[i] = naive_vector_dot(x[i, :], y)
    return z


def naive_matrix_dot(x, y):
    if x.ndim != 2 or y.ndim != 2 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected (m, n) and (n, p), got {x.shape} and {y.shape}")
    z = np.zeros((x.shape[0], y.shape[1]), dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            z[i, j] = naive_vector_dot(x[i, :], y[:, j])
    return z
