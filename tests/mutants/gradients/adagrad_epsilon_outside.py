"""adagrad_step: epsilon outside the square root (sqrt(accumulator) + epsilon)."""
CATCHES = "test_adagrad_step_epsilon_inside_root"

import numpy as np


def adagrad_step(w, accumulator, grad, learning_rate=0.001, epsilon=1e-7):
    if accumulator.shape != w.shape or grad.shape != w.shape:
        raise ValueError(f"shapes differ: {w.shape}, {accumulator.shape}, {grad.shape}")
    accumulator = accumulator + grad**2
    return w - learning_rate * grad / (np.sqrt(accumulator) + epsilon), accumulator
