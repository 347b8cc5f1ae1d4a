"""Mutant of bce_sigmoid_grad: realistic and wrong, must fail test_bce_sigmoid_grad_no_overflow.

Sigmoid as 1 / (1 + np.exp(-z)): exp overflows (RuntimeWarning) for large negative z.
"""

import numpy as np

CATCHES = "test_bce_sigmoid_grad_no_overflow"


def bce_sigmoid_grad(z, y):
    """Wrong on purpose: see the module docstring."""
    if z.shape != y.shape:
        raise ValueError(f"shapes {z.shape} and {y.shape}")
    return 1 / (1 + np.exp(-z)) - y
