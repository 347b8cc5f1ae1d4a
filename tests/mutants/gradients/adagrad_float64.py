"""adagrad_step: np.float64(learning_rate) is a strong type under NEP 50: float32 weights come back float64."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_adagrad_step_dtype"


def adagrad_step(w, accumulator, grad, learning_rate=0.001, epsilon=1e-7):
    if accumulator.shape != w.shape or grad.shape != w.shape:
        raise ValueError(f"shapes differ: {w.shape}, {accumulator.shape}, {grad.shape}")
    lr = np.float64(learning_rate)
    accumulator = accumulator + grad**2
    return w - lr * grad / np.sqrt(accumulator + epsilon), accumulator
