"""gradient_descent_step: no shape check; NumPy broadcasts (2, 3) with (2, 3, 1) or names no shapes."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, N803

CATCHES = "test_gradient_descent_step_shape_mismatch"


def gradient_descent_step(W, grad, learning_rate):
    return W - learning_rate * grad
