"""Mutant of mse_sigmoid_grad: realistic and wrong, must fail test_mse_sigmoid_grad_unmodified.

Stores sigmoid(z) into z's own buffer to save memory.
"""

import numpy as np

CATCHES = "test_mse_sigmoid_grad_unmodified"


def mse_sigmoid_grad(z, y):
    """Wrong on purpose: see the module docstring."""
    if z.shape != y.shape:
        raise ValueError(f"shapes {z.shape} and {y.shape}")
    e = np.exp(-np.abs(z))
    s = z
    s[...] = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return (s - y) * s * (1 - s)
