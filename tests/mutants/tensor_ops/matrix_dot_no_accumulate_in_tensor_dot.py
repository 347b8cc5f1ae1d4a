"""naive_matrix_dot: z[i, j] = x[i, k] * y[k, j] overwrites instead of adding; a tensor dot built on it keeps full marks."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_naive_matrix_dot_values"
CALLERS = ("naive_tensor_dot",)


def naive_matrix_dot(x, y):
    if x.ndim != 2 or y.ndim != 2 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected (m, n) and (n, p), got {x.shape} and {y.shape}")
    z = np.zeros((x.shape[0], y.shape[1]), dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            for k in range(x.shape[1]):
                z[i, j] = x[i, k] * y[k, j]
    return z


def naive_tensor_dot(x, y):
    if x.ndim == 0 or y.ndim not in (1, 2) or x.shape[-1] != y.shape[0]:
        raise ValueError(f"cannot contract {x.shape} with {y.shape}")
    if x.ndim == 1 or y.ndim == 1:
        return _contract(x, y)
    z = np.zeros(x.shape[:-1] + y.shape[1:], dtype=np.result_type(x, y))
    for index in np.ndindex(*x.shape[:-2]):
        z[index] = naive_matrix_dot(x[index], y)
    return z


def _contract(x, y):
    lead = x.shape[:-1]
    if y.ndim == 1:
        z = np.zeros(lead, dtype=np.result_type(x, y))
        for index in np.ndindex(*lead):
            for k in range(x.shape[-1]):
                z[index] += x[(*index, k)] * y[k]
        return z
    z = np.zeros((*lead, y.shape[1]), dtype=np.result_type(x, y))
    for index in np.ndindex(*lead):
        for j in range(y.shape[1]):
            for k in range(x.shape[-1]):
                z[(*index, j)] += x[(*index, k)] * y[k, j]
    return z
