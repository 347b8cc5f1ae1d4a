"""Valid variant: one sample at a time, log1p, Keras's own clip-then-renormalise order, tanh sigmoid.

* The losses loop over the rows into a result allocated with y_pred's dtype.
* mean_squared_error uses np.dot(diff, diff) / d per row.
* binary_crossentropy uses np.log1p(-p) for log(1 - p).
* categorical_crossentropy multiplies by the reciprocal of the row sum.
* sparse_categorical_crossentropy follows the TensorFlow backend literally: clip first, then
  log, then a log-softmax (which renormalises the clipped row).
* The gradients use sigmoid(z) = (1 + tanh(z / 2)) / 2, which never overflows, and require
  z and y of exactly the same shape.
"""

import numpy as np


def _check_same_2d(y_true, y_pred):
    if y_pred.ndim != 2 or y_true.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"expected two (n, d) arrays of one shape, got {y_true.shape} and {y_pred.shape}")


def mean_squared_error(y_true, y_pred):
    """Per-row mean of squared differences, row by row."""
    _check_same_2d(y_true, y_pred)
    n, d = y_pred.shape
    out = np.empty(n, dtype=y_pred.dtype)
    for i in range(n):
        diff = y_true[i].astype(y_pred.dtype) - y_pred[i]
        out[i] = np.dot(diff, diff) / d
    return out


def binary_crossentropy(y_true, y_pred):
    """Keras's clipped binary crossentropy, row by row, with log1p."""
    _check_same_2d(y_true, y_pred)
    eps = y_pred.dtype.type(1e-7)
    n = y_pred.shape[0]
    out = np.empty(n, dtype=y_pred.dtype)
    for i in range(n):
        t = y_true[i].astype(y_pred.dtype)
        p = np.minimum(np.maximum(y_pred[i], eps), 1 - eps)
        out[i] = -np.mean(t * np.log(p) + (1 - t) * np.log1p(-p))
    return out


def categorical_crossentropy(y_true, y_pred):
    """Renormalise (times the reciprocal of the row sum), clip, then -sum(t log p), row by row."""
    _check_same_2d(y_true, y_pred)
    eps = y_pred.dtype.type(1e-7)
    n = y_pred.shape[0]
    out = np.empty(n, dtype=y_pred.dtype)
    for i in range(n):
        p = y_pred[i] * (1 / y_pred[i].sum())
        p = np.minimum(np.maximum(p, eps), 1 - eps)
        out[i] = -(y_true[i].astype(y_pred.dtype) * np.log(p)).sum()
    return out


def sparse_categorical_crossentropy(y_true, y_pred):
    """Clip, log, then minus the log-softmax at the label (TensorFlow's order)."""
    if y_pred.ndim != 2 or y_true.ndim != 1 or y_true.shape[0] != y_pred.shape[0]:
        raise ValueError(f"expected labels (n,) and y_pred (n, d), got {y_true.shape} and {y_pred.shape}")
    eps = y_pred.dtype.type(1e-7)
    n = y_pred.shape[0]
    out = np.empty(n, dtype=y_pred.dtype)
    for i in range(n):
        logits = np.log(np.clip(y_pred[i], eps, 1 - eps))
        top = logits.max()
        log_norm = top + np.log(np.exp(logits - top).sum())
        out[i] = log_norm - logits[int(y_true[i])]
    return out


def _tanh_sigmoid(z):
    return (1 + np.tanh(z / 2)) / 2


def mse_sigmoid_grad(z, y):
    """(s - y) * s * (1 - s) with s from tanh."""
    if np.shape(z) != np.shape(y):
        raise ValueError(f"z and y must have the same shape, got {np.shape(z)} and {np.shape(y)}")
    s = _tanh_sigmoid(z)
    return (s - y) * s * (1 - s)


def bce_sigmoid_grad(z, y):
    """Return s - y with s from tanh."""
    if np.shape(z) != np.shape(y):
        raise ValueError(f"z and y must have the same shape, got {np.shape(z)} and {np.shape(y)}")
    return _tanh_sigmoid(z) - y
