"""Mutant of mean_squared_error: realistic and wrong, must fail test_mse_dtype.

Does not cast y_true to y_pred's dtype: float64 or int64 targets turn a float32 loss into float64.
"""

import numpy as np

CATCHES = "test_mse_dtype"


def mean_squared_error(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    return np.mean(np.square(y_true - y_pred), axis=-1)
