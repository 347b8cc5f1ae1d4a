"""Mutant of categorical_crossentropy: realistic and wrong, must fail test_cce_soft_targets.

-log p at argmax(y_true): right for one-hot targets, wrong for soft targets.
"""

import numpy as np

CATCHES = "test_cce_soft_targets"


def categorical_crossentropy(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    eps = y_pred.dtype.type(1e-7)
    t = y_true.astype(y_pred.dtype)
    p = np.clip(y_pred / np.sum(y_pred, axis=-1, keepdims=True), eps, 1 - eps)
    return -np.log(p[np.arange(len(p)), np.argmax(t, axis=-1)])
