"""adagrad_step: divides by the previous accumulator and only then adds grad**2."""
CATCHES = "test_adagrad_step_matches_keras"

import numpy as np


def adagrad_step(w, accumulator, grad, learning_rate=0.001, epsilon=1e-7):
    if accumulator.shape != w.shape or grad.shape != w.shape:
        raise ValueError(f"shapes differ: {w.shape}, {accumulator.shape}, {grad.shape}")
    new_w = w - learning_rate * grad / np.sqrt(accumulator + epsilon)
    return new_w, accumulator + grad**2
