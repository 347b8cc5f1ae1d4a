"""Mutant of mean_squared_error: realistic and wrong, must fail test_mse_unmodified.

Subtracts in place into y_pred (diff = y_pred; diff -= y_true).
"""

import numpy as np

CATCHES = "test_mse_unmodified"


def mean_squared_error(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    diff = y_pred
    diff -= y_true.astype(y_pred.dtype)
    return np.mean(diff * diff, axis=-1)
