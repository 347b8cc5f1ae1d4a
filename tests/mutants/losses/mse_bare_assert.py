"""Mutant of mean_squared_error: realistic and wrong, must fail test_mse_rejects_bad_shapes.

Validates the shapes with a bare assert (the book's style) instead of raising ValueError.
"""

import numpy as np

CATCHES = "test_mse_rejects_bad_shapes"


def mean_squared_error(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    assert y_true.shape == y_pred.shape and y_pred.ndim == 2
    return np.mean(np.square(y_true.astype(y_pred.dtype) - y_pred), axis=-1)
