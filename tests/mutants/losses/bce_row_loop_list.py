"""Mutant of binary_crossentropy: realistic and wrong, must fail test_bce_empty_batch.

Np.array of a list of per-row losses: an empty batch gives float64, not float32.
"""

import numpy as np

CATCHES = "test_bce_empty_batch"


def binary_crossentropy(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    eps = y_pred.dtype.type(1e-7)
    t = y_true.astype(y_pred.dtype)
    p = np.clip(y_pred, eps, 1 - eps)
    return np.array([-np.mean(ti * np.log(pi) + (1 - ti) * np.log(1 - pi)) for ti, pi in zip(t, p, strict=True)])
