"""gradient_descent_step: np.float64(learning_rate) is not a weak Python scalar (NEP 50): float32 W comes back float64."""
CATCHES = "test_gradient_descent_step_dtype"

import numpy as np


def gradient_descent_step(W, grad, learning_rate):
    if W.shape != grad.shape:
        raise ValueError(f"shapes differ: {W.shape} and {grad.shape}")
    return W - np.float64(learning_rate) * grad
