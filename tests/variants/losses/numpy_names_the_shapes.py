"""Valid variant: the sigmoid gradients without a shape check of their own.

NumPy's broadcasting error ("operands could not be broadcast together with shapes (2,3) (3,2)")
names both shapes, in NumPy's spelling without spaces.
"""

import numpy as np


def mse_sigmoid_grad(z, y):
    """Keep full marks: NumPy raises for incompatible shapes and names them."""
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return (s - y) * s * (1 - s)


def bce_sigmoid_grad(z, y):
    """Keep full marks: NumPy raises for incompatible shapes and names them."""
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return s - y
