"""Shuffles x in place before slicing (np.random.shuffle)."""
CATCHES = "test_get_batch_unmodified"

import numpy as np


def get_batch(x, n, batch_size=128):
    if n < 0 or n * batch_size >= len(x):
        raise IndexError(f"batch {n} out of range")
    np.random.default_rng(0).shuffle(x)
    return x[n * batch_size : (n + 1) * batch_size]
