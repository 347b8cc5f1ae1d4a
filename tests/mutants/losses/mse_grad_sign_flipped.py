"""Mutant of mse_sigmoid_grad: realistic and wrong, must fail test_mse_sigmoid_grad_matches_gradient_tape.

(y - sigmoid(z)) * sigmoid'(z): the derivative of the inner function y - s is forgotten (sign flipped).
"""

import numpy as np

CATCHES = "test_mse_sigmoid_grad_matches_gradient_tape"


def mse_sigmoid_grad(z, y):
    """Wrong on purpose: see the module docstring."""
    if z.shape != y.shape:
        raise ValueError(f"shapes {z.shape} and {y.shape}")
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return (y - s) * s * (1 - s)
