"""adagrad_step: accumulator += grad**2 writes into the caller's accumulator."""
CATCHES = "test_adagrad_step_unmodified"

import numpy as np


def adagrad_step(w, accumulator, grad, learning_rate=0.001, epsilon=1e-7):
    if accumulator.shape != w.shape or grad.shape != w.shape:
        raise ValueError(f"shapes differ: {w.shape}, {accumulator.shape}, {grad.shape}")
    accumulator += grad**2
    return w - learning_rate * grad / np.sqrt(accumulator + epsilon), accumulator
