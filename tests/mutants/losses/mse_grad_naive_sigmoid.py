"""Mutant of mse_sigmoid_grad: realistic and wrong, must fail test_mse_sigmoid_grad_no_overflow.

Sigmoid as 1 / (1 + np.exp(-z)): the right values, but exp overflows (RuntimeWarning) for large negative z.
"""

import numpy as np

CATCHES = "test_mse_sigmoid_grad_no_overflow"


def mse_sigmoid_grad(z, y):
    """Wrong on purpose: see the module docstring."""
    if z.shape != y.shape:
        raise ValueError(f"shapes {z.shape} and {y.shape}")
    s = 1 / (1 + np.exp(-z))
    return (s - y) * s * (1 - s)
