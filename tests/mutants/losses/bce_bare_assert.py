"""Mutant of binary_crossentropy: realistic and wrong, must fail test_bce_rejects_bad_shapes.

Validates the shapes with assert instead of raising ValueError.
"""

import numpy as np

CATCHES = "test_bce_rejects_bad_shapes"


def binary_crossentropy(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    assert y_true.shape == y_pred.shape, "shapes differ"
    eps = y_pred.dtype.type(1e-7)
    t = y_true.astype(y_pred.dtype)
    p = np.clip(y_pred, eps, 1 - eps)
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p), axis=-1)
