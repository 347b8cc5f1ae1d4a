"""rmsprop_step: checks the shapes with a bare assert instead of raising ValueError."""
CATCHES = "test_rmsprop_step_shape_mismatch"

import numpy as np


def rmsprop_step(w, cache, grad, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    assert cache.shape == w.shape and grad.shape == w.shape
    cache = rho * cache + (1 - rho) * grad**2
    return w - learning_rate * grad / np.sqrt(cache + epsilon), cache
