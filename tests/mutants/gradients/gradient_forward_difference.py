"""numerical_gradient: one-sided differences (f(W + eps) - f(W)) / eps for every element."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, N803

import numpy as np

CATCHES = "test_numerical_gradient_matches_gradient_tape"


def numerical_gradient(f, W, eps=1e-5):
    base = np.asarray(W, dtype=np.float64)
    grad = np.zeros(base.shape)
    f0 = f(base.copy())
    for idx in np.ndindex(base.shape):
        plus = base.copy()
        plus[idx] += eps
        grad[idx] = (f(plus) - f0) / eps
    return grad.astype(np.asarray(W).dtype)
