"""momentum_step: np.float64 hyper-parameters are strong types under NEP 50: float32 comes back float64."""
CATCHES = "test_momentum_step_dtype"

import numpy as np


def momentum_step(w, velocity, grad, learning_rate, momentum, nesterov=False):
    if velocity.shape != w.shape or grad.shape != w.shape:
        raise ValueError(f"shapes differ: {w.shape}, {velocity.shape}, {grad.shape}")
    lr, mu = np.float64(learning_rate), np.float64(momentum)
    new_velocity = mu * velocity - lr * grad
    if nesterov:
        return w + mu * new_velocity - lr * grad, new_velocity
    return w + new_velocity, new_velocity
