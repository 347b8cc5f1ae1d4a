"""momentum_step: checks the shapes but its ValueError names none of them."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, PLR0917

CATCHES = "test_momentum_step_shape_mismatch"


def momentum_step(w, velocity, grad, learning_rate, momentum, nesterov=False):
    if velocity.shape != w.shape or grad.shape != w.shape:
        raise ValueError("velocity and grad must have the same shape as w")
    velocity = momentum * velocity - learning_rate * grad
    if nesterov:
        return w + momentum * velocity - learning_rate * grad, velocity
    return w + velocity, velocity
