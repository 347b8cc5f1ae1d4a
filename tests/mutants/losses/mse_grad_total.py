"""Mutant of mse_sigmoid_grad: realistic and wrong, must fail test_mse_sigmoid_grad_shape.

Sums the element-wise gradients into one number.
"""

import numpy as np

CATCHES = "test_mse_sigmoid_grad_shape"


def mse_sigmoid_grad(z, y):
    """Wrong on purpose: see the module docstring."""
    if z.shape != y.shape:
        raise ValueError(f"shapes {z.shape} and {y.shape}")
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return np.sum((s - y) * s * (1 - s))
