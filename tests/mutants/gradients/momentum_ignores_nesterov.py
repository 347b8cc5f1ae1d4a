"""momentum_step: accepts nesterov but always does the classical update."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, PLR0917

CATCHES = "test_momentum_step_matches_keras_sgd"


def momentum_step(w, velocity, grad, learning_rate, momentum, nesterov=False):
    if velocity.shape != w.shape or grad.shape != w.shape:
        raise ValueError(f"shapes differ: {w.shape}, {velocity.shape}, {grad.shape}")
    velocity = momentum * velocity - learning_rate * grad
    return w + velocity, velocity
