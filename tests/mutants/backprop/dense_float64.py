"""dense_backward: x.astype(float) before the products: float32 inputs give float64 gradients."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, F821, N803

CATCHES = "test_dense_backward_dtype"


def dense_backward(x, W, b, grad_out, activation="relu"):
    if x.ndim != 2 or W.ndim != 2 or b.shape != (W.shape[1],) or x.shape[1] != W.shape[0]:
        raise ValueError(f"shapes do not fit: {x.shape}, {W.shape}, {b.shape}")
    if grad_out.shape != (x.shape[0], W.shape[1]):
        raise ValueError(f"grad_out {grad_out.shape} does not fit {x.shape} and {W.shape}")
    x = x.astype(float)
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
