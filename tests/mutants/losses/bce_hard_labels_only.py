"""Mutant of binary_crossentropy: realistic and wrong, must fail test_bce_soft_targets.

Picks log p where t > 0.5 and log(1 - p) elsewhere: right for 0/1 targets only, wrong for soft targets.
"""

import numpy as np

CATCHES = "test_bce_soft_targets"


def binary_crossentropy(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    eps = y_pred.dtype.type(1e-7)
    t = y_true.astype(y_pred.dtype)
    p = np.clip(y_pred, eps, 1 - eps)
    return -np.mean(np.where(t > 0.5, np.log(p), np.log(1 - p)), axis=-1)
