"""Mutant of categorical_crossentropy: realistic and wrong, must fail test_cce_unmodified.

Renormalises y_pred in place (y_pred /= row sums).
"""

import numpy as np

CATCHES = "test_cce_unmodified"


def categorical_crossentropy(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    eps = y_pred.dtype.type(1e-7)
    t = y_true.astype(y_pred.dtype)
    y_pred /= np.sum(y_pred, axis=-1, keepdims=True)
    p = np.clip(y_pred, eps, 1 - eps)
    return -np.sum(t * np.log(p), axis=-1)
