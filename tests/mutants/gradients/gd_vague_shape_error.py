"""gradient_descent_step: checks the shapes but its ValueError names neither of them."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, N803

CATCHES = "test_gradient_descent_step_shape_mismatch"


def gradient_descent_step(W, grad, learning_rate):
    if W.shape != grad.shape:
        raise ValueError("W and grad must have the same shape")
    return W - learning_rate * grad
