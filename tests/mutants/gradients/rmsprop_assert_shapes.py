"""rmsprop_step: checks the shapes with a bare assert instead of raising ValueError."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, PLR0917

import numpy as np

CATCHES = "test_rmsprop_step_shape_mismatch"


def rmsprop_step(w, cache, grad, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    assert cache.shape == w.shape and grad.shape == w.shape
    cache = rho * cache + (1 - rho) * grad**2
    return w - learning_rate * grad / np.sqrt(cache + epsilon), cache
