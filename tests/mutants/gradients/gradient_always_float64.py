"""numerical_gradient: computes in float64 and forgets to return W's dtype (float32 in, float64 out)."""
CATCHES = "test_numerical_gradient_dtype"

import numpy as np


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
