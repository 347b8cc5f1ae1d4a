"""Mutant of categorical_crossentropy: realistic and wrong, must fail test_cce_matches_keras.

Averages t * log p over the classes instead of summing.
"""

import numpy as np

CATCHES = "test_cce_matches_keras"


def categorical_crossentropy(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    eps = y_pred.dtype.type(1e-7)
    t = y_true.astype(y_pred.dtype)
    p = np.clip(y_pred / np.sum(y_pred, axis=-1, keepdims=True), eps, 1 - eps)
    return -np.mean(t * np.log(p), axis=-1)
