"""gradient_descent_step: forgets the learning rate (W - grad)... unless it is 1."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, N803

CATCHES = "test_gradient_descent_step_formula"


def gradient_descent_step(W, grad, learning_rate):
    if W.shape != grad.shape:
        raise ValueError(f"shapes differ: {W.shape} and {grad.shape}")
    return W - grad
