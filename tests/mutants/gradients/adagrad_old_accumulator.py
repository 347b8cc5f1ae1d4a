"""adagrad_step: divides by the previous accumulator and only then adds grad**2."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_adagrad_step_matches_keras"


def adagrad_step(w, accumulator, grad, learning_rate=0.001, epsilon=1e-7):
    if accumulator.shape != w.shape or grad.shape != w.shape:
        raise ValueError(f"shapes differ: {w.shape}, {accumulator.shape}, {grad.shape}")
    new_w = w - learning_rate * grad / np.sqrt(accumulator + epsilon)
    return new_w, accumulator + grad**2
