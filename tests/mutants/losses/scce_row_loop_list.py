"""Mutant of sparse_categorical_crossentropy: realistic and wrong, must fail test_scce_empty_batch.

Np.array of a list of per-row losses: an empty batch gives float64, not float32.
"""

import numpy as np

CATCHES = "test_scce_empty_batch"


def sparse_categorical_crossentropy(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.ndim != 1 or len(y_true) != len(y_pred):
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    eps = y_pred.dtype.type(1e-7)
    p = np.clip(y_pred / np.sum(y_pred, axis=-1, keepdims=True), eps, 1 - eps)
    return np.array([-np.log(row[label]) for row, label in zip(p, y_true, strict=True)])
