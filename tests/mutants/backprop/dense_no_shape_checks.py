"""dense_backward: no shape checks: NumPy's matmul/broadcast errors do not name the shapes (or nothing is raised)."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, F821, N803

CATCHES = "test_dense_backward_bad_shapes"


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
