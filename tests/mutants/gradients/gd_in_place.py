"""gradient_descent_step: updates W in place (W -= ...) and returns it."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, N803, N806

CATCHES = "test_gradient_descent_step_unmodified"


def gradient_descent_step(W, grad, learning_rate):
    if W.shape != grad.shape:
        raise ValueError(f"shapes differ: {W.shape} and {grad.shape}")
    W -= learning_rate * grad
    return W
