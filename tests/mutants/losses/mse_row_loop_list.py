"""Mutant of mean_squared_error: realistic and wrong, must fail test_mse_empty_batch.

Np.array of a list of per-row means: an empty batch gives a float64 array, not float32.
"""

import numpy as np

CATCHES = "test_mse_empty_batch"


def mean_squared_error(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    y_true = y_true.astype(y_pred.dtype)
    return np.array([np.mean((t - p) ** 2) for t, p in zip(y_true, y_pred, strict=True)])
