"""Mutant of mean_squared_error: realistic and wrong, must fail test_mse_dtype.

Averages with dtype=np.float64 'for accuracy' and returns float64 for float32 inputs.
"""

import numpy as np

CATCHES = "test_mse_dtype"


def mean_squared_error(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    return np.mean(np.square(y_true.astype(y_pred.dtype) - y_pred), axis=-1, dtype=np.float64)
