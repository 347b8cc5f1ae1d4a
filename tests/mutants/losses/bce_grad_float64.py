"""Mutant of bce_sigmoid_grad: realistic and wrong, must fail test_bce_sigmoid_grad_dtype.

Computes in float64 and returns float64 for float32 inputs.
"""

import numpy as np

CATCHES = "test_bce_sigmoid_grad_dtype"


def bce_sigmoid_grad(z, y):
    """Wrong on purpose: see the module docstring."""
    if z.shape != y.shape:
        raise ValueError(f"shapes {z.shape} and {y.shape}")
    z = np.asarray(z, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return s - y
