"""Mutant of binary_crossentropy: realistic and wrong, must fail test_bce_clips_float64.

Clips with 1e-15 (scikit-learn's old default) instead of Keras's 1e-7.
"""

import numpy as np

CATCHES = "test_bce_clips_float64"


def binary_crossentropy(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    eps = y_pred.dtype.type(1e-15)
    t = y_true.astype(y_pred.dtype)
    p = np.clip(y_pred, eps, 1 - eps)
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p), axis=-1)
