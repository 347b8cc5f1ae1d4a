"""categorical_crossentropy: forgets to divide each row by its sum; a sparse loss built on it keeps full marks."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_cce_renormalises"
CALLERS = ("sparse_categorical_crossentropy",)


def categorical_crossentropy(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must be (n, d) of the same shape; got {y_true.shape}, {y_pred.shape}")
    eps = y_pred.dtype.type(1e-7)
    p = np.clip(y_pred, eps, 1 - eps)
    return -np.sum(y_true.astype(y_pred.dtype) * np.log(p), axis=-1)


def sparse_categorical_crossentropy(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_pred.ndim != 2 or y_true.ndim != 1 or y_true.shape[0] != y_pred.shape[0]:
        raise ValueError(f"y_true must be (n,) and y_pred (n, d); got y_true.shape={y_true.shape}, y_pred.shape={y_pred.shape}")
    n, d = y_pred.shape
    if n and (y_true.min() < 0 or y_true.max() >= d):
        raise ValueError(f"labels must lie in [0, {d}); got min {y_true.min()}, max {y_true.max()}")
    return categorical_crossentropy(np.eye(d, dtype=y_pred.dtype)[y_true.astype(np.intp)], y_pred)
