"""sigmoid: (1 + tanh(x)) / 2, forgetting tanh(x / 2)'s halving; sigmoid_derivative and a correct dense_backward that calls it keep full marks."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, F821, N803

import numpy as np

CATCHES = "test_sigmoid_matches_keras"
CALLERS = ("sigmoid_derivative", "dense_backward")


def sigmoid(x):
    return (1 + np.tanh(x)) / 2


def dense_backward(x, W, b, grad_out, activation="relu"):
    x, W, b, grad_out = (np.asarray(a) for a in (x, W, b, grad_out))
    if x.ndim != 2 or W.ndim != 2 or b.ndim != 1 or grad_out.ndim != 2:
        raise ValueError(f"expected x (batch, in), W (in, units), b (units,), grad_out (batch, units); "
                         f"got {x.shape}, {W.shape}, {b.shape}, {grad_out.shape}")
    if x.shape[1] != W.shape[0] or b.shape[0] != W.shape[1] or grad_out.shape != (x.shape[0], W.shape[1]):
        raise ValueError(f"shapes do not fit: x {x.shape}, W {W.shape}, b {b.shape}, grad_out {grad_out.shape}")
    z = x @ W + b
    if activation is None:
        grad_z = grad_out
    elif activation == "relu":
        grad_z = grad_out * relu_derivative(z)
    elif activation == "sigmoid":
        s = sigmoid(z)
        grad_z = grad_out * s * (1 - s)
    else:
        raise ValueError(f"unknown activation {activation!r}")
    return grad_z @ W.T, x.T @ grad_z, grad_z.sum(axis=0)
