"""Mutant of sparse_categorical_crossentropy: realistic and wrong, must fail test_scce_clips.

No clipping: a zero probability at the label gives inf.
"""

import numpy as np

CATCHES = "test_scce_clips"


def sparse_categorical_crossentropy(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.ndim != 1 or len(y_true) != len(y_pred):
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    p = y_pred / np.sum(y_pred, axis=-1, keepdims=True)
    return -np.log(p[np.arange(len(p)), y_true])
