"""No shape checks: relies on NumPy's own errors, whose messages do not name the shapes."""
CATCHES = "test_dense_forward_shape_errors"

import numpy as np


def _checks(inputs, W, b):
    if inputs.ndim != 2 or W.ndim != 2 or b.ndim != 1:
        raise ValueError(f"expected (batch, in), (in, units), (units,), got {inputs.shape}, {W.shape}, {b.shape}")
    if inputs.shape[1] != W.shape[0] or W.shape[1] != b.shape[0]:
        raise ValueError(f"shapes do not fit: inputs {inputs.shape}, W {W.shape}, b {b.shape}")


def _activate(z, activation):
    if activation is None:
        return z
    if activation == "relu":
        return np.maximum(z, 0)
    if activation == "sigmoid":
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(z.dtype)
    if activation == "softmax":
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    raise ValueError(f"unknown activation {activation!r}")


def dense_forward(inputs, W, b, activation="relu"):
    return _activate(np.dot(inputs, W) + b, activation)
