"""Mutant of mse_sigmoid_grad: realistic and wrong, must fail test_mse_sigmoid_grad_no_overflow.

Np.where(z >= 0, 1/(1+exp(-z)), exp(z)/(1+exp(z))): np.where evaluates both branches on every z, so exp still
overflows.
"""

import numpy as np

CATCHES = "test_mse_sigmoid_grad_no_overflow"


def mse_sigmoid_grad(z, y):
    """Wrong on purpose: see the module docstring."""
    if z.shape != y.shape:
        raise ValueError(f"shapes {z.shape} and {y.shape}")
    s = np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
    return (s - y) * s * (1 - s)
