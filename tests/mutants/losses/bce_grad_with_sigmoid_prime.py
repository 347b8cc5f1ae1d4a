"""Mutant of bce_sigmoid_grad: realistic and wrong, must fail test_bce_sigmoid_grad_random_values.

Keeps a sigmoid'(z) factor that cancels in the crossentropy gradient (that is the MSE gradient).
"""

import numpy as np

CATCHES = "test_bce_sigmoid_grad_random_values"


def bce_sigmoid_grad(z, y):
    """Wrong on purpose: see the module docstring."""
    if z.shape != y.shape:
        raise ValueError(f"shapes {z.shape} and {y.shape}")
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return (s - y) * s * (1 - s)
