"""Mutant of mse_sigmoid_grad: realistic and wrong, must fail test_mse_sigmoid_grad_random_values.

Sigmoid(z) - y: forgets the sigmoid'(z) factor of the chain rule (that is the crossentropy gradient).
"""

import numpy as np

CATCHES = "test_mse_sigmoid_grad_random_values"


def mse_sigmoid_grad(z, y):
    """Wrong on purpose: see the module docstring."""
    if z.shape != y.shape:
        raise ValueError(f"shapes {z.shape} and {y.shape}")
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return s - y
