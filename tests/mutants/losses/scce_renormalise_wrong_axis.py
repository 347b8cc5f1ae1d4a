"""Mutant of sparse_categorical_crossentropy: realistic and wrong, must fail test_scce_renormalises.

Divides by the column sums (axis=0).
"""

import numpy as np

CATCHES = "test_scce_renormalises"


def sparse_categorical_crossentropy(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.ndim != 1 or len(y_true) != len(y_pred):
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    eps = y_pred.dtype.type(1e-7)
    p = np.clip(y_pred / np.sum(y_pred, axis=0, keepdims=True), eps, 1 - eps)
    return -np.log(p[np.arange(len(p)), y_true])
