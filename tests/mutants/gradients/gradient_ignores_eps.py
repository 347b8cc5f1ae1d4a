"""numerical_gradient: a hard-coded step of 1e-5 instead of the eps argument."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, N803

import numpy as np

CATCHES = "test_numerical_gradient_uses_eps"


def numerical_gradient(f, W, eps=1e-5):
    h = 1e-5
    base = np.asarray(W, dtype=np.float64)
    grad = np.zeros(base.shape)
    for idx in np.ndindex(base.shape):
        plus = base.copy()
        plus[idx] += h
        minus = base.copy()
        minus[idx] -= h
        grad[idx] = (f(plus) - f(minus)) / (2 * h)
    return grad.astype(np.asarray(W).dtype)
