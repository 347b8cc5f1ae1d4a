"""Mutant of mse_sigmoid_grad: realistic and wrong, must fail test_mse_sigmoid_grad_rejects_bad_shapes.

No shape check: NumPy's broadcasting error writes (2,3), not str(shape) = (2, 3).
"""

import numpy as np

CATCHES = "test_mse_sigmoid_grad_rejects_bad_shapes"


def mse_sigmoid_grad(z, y):
    """Wrong on purpose: see the module docstring."""
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return (s - y) * s * (1 - s)
