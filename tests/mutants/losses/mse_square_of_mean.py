"""Mutant of mean_squared_error: realistic and wrong, must fail test_mse_random_values.

Squares the mean error instead of averaging the squared errors.
"""

import numpy as np

CATCHES = "test_mse_random_values"


def mean_squared_error(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    return np.square(np.mean(y_true.astype(y_pred.dtype) - y_pred, axis=-1))
