"""Mutant of binary_crossentropy: realistic and wrong, must fail test_bce_clips_float32.

Forgets the clipping: log(0) gives inf and 0 * log(0) nan.
"""

import numpy as np

CATCHES = "test_bce_clips_float32"


def binary_crossentropy(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    t = y_true.astype(y_pred.dtype)
    return -np.mean(t * np.log(y_pred) + (1 - t) * np.log(1 - y_pred), axis=-1)
