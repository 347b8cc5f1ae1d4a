"""gradient_descent_step: moves along the gradient (W + lr * grad): gradient ascent."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, N803

CATCHES = "test_gradient_descent_step_matches_keras_sgd"


def gradient_descent_step(W, grad, learning_rate):
    if W.shape != grad.shape:
        raise ValueError(f"shapes differ: {W.shape} and {grad.shape}")
    return W + learning_rate * grad
