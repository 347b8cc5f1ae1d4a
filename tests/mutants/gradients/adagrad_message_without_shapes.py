"""adagrad_step: raises ValueError, but its message names no shape."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_adagrad_step_shape_mismatch"


def adagrad_step(w, accumulator, grad, learning_rate=0.001, epsilon=1e-7):
    if accumulator.shape != w.shape or grad.shape != w.shape:
        raise ValueError("w, accumulator and grad must have the same shape")
    accumulator = accumulator + grad**2
    return w - learning_rate * grad / np.sqrt(accumulator + epsilon), accumulator
