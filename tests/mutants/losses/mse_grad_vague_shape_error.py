"""Mutant of mse_sigmoid_grad: realistic and wrong, must fail test_mse_sigmoid_grad_rejects_bad_shapes.

Checks the shapes, but its ValueError names neither of them.
"""

import numpy as np

CATCHES = "test_mse_sigmoid_grad_rejects_bad_shapes"


def mse_sigmoid_grad(z, y):
    """Wrong on purpose: see the module docstring."""
    if z.shape != y.shape:
        raise ValueError("z and y must have the same shape")
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return (s - y) * s * (1 - s)
