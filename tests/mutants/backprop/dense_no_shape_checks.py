"""dense_backward: no shape checks: NumPy's matmul/broadcast errors do not name the shapes (or nothing is raised)."""
CATCHES = "test_dense_backward_bad_shapes"

import numpy as np


def dense_backward(x, W, b, grad_out, activation="relu"):
    z = x @ W + b
    if activation == "relu":
        grad_z = grad_out * (z > 0)
    elif activation == "sigmoid":
        grad_z = grad_out * sigmoid_derivative(z)
    elif activation is None:
        grad_z = grad_out
    else:
        raise ValueError(f"unknown activation {activation}")
    return grad_z @ W.T, x.T @ grad_z, grad_z.sum(axis=0)
