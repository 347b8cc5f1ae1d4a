"""Mutant of mean_squared_error: realistic and wrong, must fail test_mse_shape.

Averages over the samples axis (axis=0) instead of the features.
"""

import numpy as np

CATCHES = "test_mse_shape"


def mean_squared_error(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    return np.mean(np.square(y_true.astype(y_pred.dtype) - y_pred), axis=0)
