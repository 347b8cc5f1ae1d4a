"""momentum_step: np.float64 hyper-parameters are strong types under NEP 50: float32 comes back float64."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, PLR0917

import numpy as np

CATCHES = "test_momentum_step_dtype"


def momentum_step(w, velocity, grad, learning_rate, momentum, nesterov=False):
    if velocity.shape != w.shape or grad.shape != w.shape:
        raise ValueError(f"shapes differ: {w.shape}, {velocity.shape}, {grad.shape}")
    lr, mu = np.float64(learning_rate), np.float64(momentum)
    new_velocity = mu * velocity - lr * grad
    if nesterov:
        return w + mu * new_velocity - lr * grad, new_velocity
    return w + new_velocity, new_velocity
