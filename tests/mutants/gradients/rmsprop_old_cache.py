"""rmsprop_step: divides by the previous cache and only then updates it."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, PLR0917

import numpy as np

CATCHES = "test_rmsprop_step_formula"


def rmsprop_step(w, cache, grad, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    if cache.shape != w.shape or grad.shape != w.shape:
        raise ValueError(f"shapes differ: {w.shape}, {cache.shape}, {grad.shape}")
    new_w = w - learning_rate * grad / np.sqrt(cache + epsilon)
    return new_w, rho * cache + (1 - rho) * grad**2
