"""numerical_gradient: computes in float64 and forgets to return W's dtype (float32 in, float64 out)."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, N803

import numpy as np

CATCHES = "test_numerical_gradient_dtype"


def numerical_gradient(f, W, eps=1e-5):
    base = np.asarray(W, dtype=np.float64)
    grad = np.zeros(base.shape)
    for idx in np.ndindex(base.shape):
        plus = base.copy()
        plus[idx] += eps
        minus = base.copy()
        minus[idx] -= eps
        grad[idx] = (f(plus) - f(minus)) / (2 * eps)
    return grad
