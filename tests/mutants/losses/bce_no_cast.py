"""Mutant of binary_crossentropy: realistic and wrong, must fail test_bce_dtype.

Multiplies by y_true without casting it: float64/int64 targets give a float64 loss for float32 predictions.
"""

import numpy as np

CATCHES = "test_bce_dtype"


def binary_crossentropy(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    eps = y_pred.dtype.type(1e-7)
    p = np.clip(y_pred, eps, 1 - eps)
    return -np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p), axis=-1)
