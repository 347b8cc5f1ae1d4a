"""Mutant of binary_crossentropy: realistic and wrong, must fail test_bce_unmodified.

Clips y_pred in place (np.clip(..., out=y_pred)).
"""

import numpy as np

CATCHES = "test_bce_unmodified"


def binary_crossentropy(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    eps = y_pred.dtype.type(1e-7)
    t = y_true.astype(y_pred.dtype)
    p = np.clip(y_pred, eps, 1 - eps, out=y_pred)
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p), axis=-1)
