"""Mutant of categorical_crossentropy: realistic and wrong, must fail test_cce_clips.

No clipping: a zero probability gives inf (and 0 * log 0 = nan).
"""

import numpy as np

CATCHES = "test_cce_clips"


def categorical_crossentropy(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    t = y_true.astype(y_pred.dtype)
    p = y_pred / np.sum(y_pred, axis=-1, keepdims=True)
    return -np.sum(t * np.log(p), axis=-1)
