"""Valid variant: einsum, one-hot through np.eye, log-sum-exp sigmoid.

* mean_squared_error: np.einsum over the rows, divided by d.
* binary_crossentropy: np.where-free formula written as t * (log p - log(1 - p)) + log(1 - p).
* categorical_crossentropy: normalise by division, clip, then an einsum of t and log p.
* sparse_categorical_crossentropy: one-hot rows from np.eye, then the categorical formula.
* The gradients: sigmoid(z) = exp(-logaddexp(0, -z)) and
  sigmoid'(z) = exp(-logaddexp(0, -z) - logaddexp(0, z)), both overflow-free; z and y may
  broadcast.
"""

import numpy as np


def _shapes_2d(y_true, y_pred):
    if not (y_pred.ndim == 2 and y_true.shape == y_pred.shape):
        raise ValueError(f"y_true {y_true.shape} and y_pred {y_pred.shape} must be equal 2D shapes")


def mean_squared_error(y_true, y_pred):
    """Sum the squared differences of each row with einsum, divide by d."""
    _shapes_2d(y_true, y_pred)
    diff = np.subtract(y_true, y_pred, dtype=y_pred.dtype)
    return np.einsum("ij,ij->i", diff, diff) / y_pred.shape[1]


def binary_crossentropy(y_true, y_pred):
    """-mean(t (log p - log(1 - p)) + log(1 - p))."""
    _shapes_2d(y_true, y_pred)
    eps = y_pred.dtype.type(1e-7)
    p = y_pred.clip(eps, 1 - eps)
    t = y_true.astype(y_pred.dtype)
    log_p, log_q = np.log(p), np.log(1 - p)
    return -(t * (log_p - log_q) + log_q).mean(axis=1)


def categorical_crossentropy(y_true, y_pred):
    """Normalise, clip, einsum of t and log p."""
    _shapes_2d(y_true, y_pred)
    eps = y_pred.dtype.type(1e-7)
    p = (y_pred / y_pred.sum(axis=1)[:, None]).clip(eps, 1 - eps)
    return -np.einsum("ij,ij->i", y_true.astype(y_pred.dtype), np.log(p))


def sparse_categorical_crossentropy(y_true, y_pred):
    """One-hot rows from np.eye, then the categorical formula."""
    if y_true.ndim != 1 or y_pred.ndim != 2 or len(y_true) != len(y_pred):
        raise ValueError(f"labels {y_true.shape} do not match y_pred {y_pred.shape}")
    eps = y_pred.dtype.type(1e-7)
    one_hot = np.eye(y_pred.shape[1], dtype=y_pred.dtype)[y_true]
    p = (y_pred / y_pred.sum(axis=1)[:, None]).clip(eps, 1 - eps)
    return -np.einsum("ij,ij->i", one_hot, np.log(p))


def _check_broadcast(z, y):
    try:
        np.broadcast(z, y)
    except ValueError:
        raise ValueError(f"z {np.shape(z)} and y {np.shape(y)} do not broadcast") from None


def mse_sigmoid_grad(z, y):
    """(s - y) * s' with s and s' from logaddexp."""
    _check_broadcast(z, y)
    log_s = -np.logaddexp(0, -z)
    log_one_minus_s = -np.logaddexp(0, z)
    return (np.exp(log_s) - y) * np.exp(log_s + log_one_minus_s)


def bce_sigmoid_grad(z, y):
    """Return s - y with s from logaddexp."""
    _check_broadcast(z, y)
    return np.exp(-np.logaddexp(0, -z)) - y
