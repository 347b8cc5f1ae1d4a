"""Mutant of binary_crossentropy: realistic and wrong, must fail test_bce_matches_keras.

Swaps the two terms: t log(1 - p) + (1 - t) log p.
"""

import numpy as np

CATCHES = "test_bce_matches_keras"


def binary_crossentropy(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    eps = y_pred.dtype.type(1e-7)
    t = y_true.astype(y_pred.dtype)
    p = np.clip(y_pred, eps, 1 - eps)
    return -np.mean(t * np.log(1 - p) + (1 - t) * np.log(p), axis=-1)
