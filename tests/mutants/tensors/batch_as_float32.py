"""Converts the batch to float32 'for the network'."""
CATCHES = "test_get_batch_dtypes"

import numpy as np


def get_batch(x, n, batch_size=128):
    if n < 0 or n * batch_size >= len(x):
        raise IndexError(f"batch {n} out of range")
    return np.asarray(x[n * batch_size : (n + 1) * batch_size], dtype=np.float32)
