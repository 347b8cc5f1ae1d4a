"""gradient_descent_step: np.float64(learning_rate) is no weak Python scalar (NEP 50): float32 W comes back float64."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, N803

import numpy as np

CATCHES = "test_gradient_descent_step_dtype"


def gradient_descent_step(W, grad, learning_rate):
    if W.shape != grad.shape:
        raise ValueError(f"shapes differ: {W.shape} and {grad.shape}")
    return W - np.float64(learning_rate) * grad
