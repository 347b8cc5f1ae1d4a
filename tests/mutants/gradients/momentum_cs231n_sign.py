"""momentum_step: CS231n's sign convention (v = mu * v + lr * g; w -= v): the weights agree, the velocity is negated."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, PLR0917

CATCHES = "test_momentum_step_formula"


def momentum_step(w, velocity, grad, learning_rate, momentum, nesterov=False):
    if velocity.shape != w.shape or grad.shape != w.shape:
        raise ValueError(f"shapes differ: {w.shape}, {velocity.shape}, {grad.shape}")
    v = momentum * velocity + learning_rate * grad
    if nesterov:
        return w - momentum * v - learning_rate * grad, v
    return w - v, v
