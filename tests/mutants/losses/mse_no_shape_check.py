"""Mutant of mean_squared_error: realistic and wrong, must fail test_mse_rejects_bad_shapes.

No shape check: NumPy broadcasting errors do not name the shapes as str(shape), and 1D/3D inputs are silently
accepted.
"""

import numpy as np

CATCHES = "test_mse_rejects_bad_shapes"


def mean_squared_error(y_true, y_pred):
    """Wrong on purpose: see the module docstring."""
    return np.mean(np.square(y_true.astype(y_pred.dtype) - y_pred), axis=-1)
