"""adagrad_step: accumulates |grad| instead of grad**2."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_adagrad_step_formula"


def adagrad_step(w, accumulator, grad, learning_rate=0.001, epsilon=1e-7):
    if accumulator.shape != w.shape or grad.shape != w.shape:
        raise ValueError(f"shapes differ: {w.shape}, {accumulator.shape}, {grad.shape}")
    accumulator = accumulator + np.abs(grad)
    return w - learning_rate * grad / np.sqrt(accumulator + epsilon), accumulator
