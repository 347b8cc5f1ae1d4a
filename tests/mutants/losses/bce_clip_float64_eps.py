"""Mutant of binary_crossentropy: realistic and wrong, must fail test_bce_clips_float32.

Clips in float64 (np.float64 epsilon), then casts back: in float32 a certain miss costs -log(1e-7) = 16.12
instead of Keras's -log(1.19e-7) = 15.94.
"""

import numpy as np

CATCHES = "test_bce_clips_float32"


def binary_crossentropy(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    eps = np.float64(1e-7)
    t = y_true.astype(np.float64)
    p = np.clip(y_pred, eps, 1 - eps)
    return (-np.mean(t * np.log(p) + (1 - t) * np.log(1 - p), axis=-1)).astype(y_pred.dtype)
