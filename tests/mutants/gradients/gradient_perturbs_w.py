"""numerical_gradient: perturbs W itself in place and restores it afterwards (not even temporarily!)."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, N803

import numpy as np

CATCHES = "test_numerical_gradient_leaves_w_unchanged"


def numerical_gradient(f, W, eps=1e-5):
    grad = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        old = W[idx]
        W[idx] = old + eps
        f_plus = f(W)
        W[idx] = old - eps
        f_minus = f(W)
        W[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * eps)
    return grad
