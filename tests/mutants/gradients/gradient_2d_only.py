"""numerical_gradient: two nested loops over rows and columns, so only 2D tensors work."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, N803

import numpy as np

CATCHES = "test_numerical_gradient_any_rank"


def numerical_gradient(f, W, eps=1e-5):
    base = np.asarray(W, dtype=np.float64)
    grad = np.zeros_like(base)
    rows, cols = base.shape
    for i in range(rows):
        for j in range(cols):
            plus = base.copy()
            plus[i, j] += eps
            minus = base.copy()
            minus[i, j] -= eps
            grad[i, j] = (f(plus) - f(minus)) / (2 * eps)
    return grad.astype(np.asarray(W).dtype)
