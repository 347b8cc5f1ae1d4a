"""momentum_step: no shape check; NumPy's broadcasting error does not name the shapes as (2, 3)."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, PLR0917

CATCHES = "test_momentum_step_shape_mismatch"


def momentum_step(w, velocity, grad, learning_rate, momentum, nesterov=False):
    velocity = momentum * velocity - learning_rate * grad
    if nesterov:
        return w + momentum * velocity - learning_rate * grad, velocity
    return w + velocity, velocity
