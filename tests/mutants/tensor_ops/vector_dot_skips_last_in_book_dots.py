"""naive_vector_dot: range(len - 1) drops the last product; the book's dot products built on it keep full marks."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_naive_vector_dot_values"
CALLERS = ("naive_matrix_vector_dot", "naive_matrix_dot", "naive_tensor_dot")


def naive_vector_dot(x, y):
    if x.ndim != 1 or y.ndim != 1 or x.shape[0] != y.shape[0]:
        raise ValueError(f"expected two vectors of the same length, got {x.shape} and {y.shape}")
    z = np.zeros((), dtype=np.result_type(x, y))[()]
    for i in range(x.shape[0] - 1):
        z += x[i] * y[i]
    return z


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


def naive_tensor_dot(x, y):
    if x.ndim == 0 or y.ndim not in (1, 2) or x.shape[-1] != y.shape[0]:
        raise ValueError(f"cannot contract {x.shape} with {y.shape}")
    z = np.zeros(x.shape[:-1] + y.shape[1:], dtype=np.result_type(x, y))
    for index in np.ndindex(*x.shape[:-1]):
        if y.ndim == 1:
            z[index] = naive_vector_dot(x[index], y)
        else:
            for j in range(y.shape[1]):
                z[(*index, j)] = naive_vector_dot(x[index], y[:, j])
    return z
