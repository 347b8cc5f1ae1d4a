"""Accumulates in np.float32 "like the network does": integer dot products above 2**24 are rounded."""
import numpy as np

CATCHES = "test_naive_vector_dot_integers"


def naive_vector_dot(x, y):
    if x.ndim != 1 or y.ndim != 1 or x.shape[0] != y.shape[0]:
        raise ValueError(f"x and y must be 1D of the same length, got {x.shape} and {y.shape}")
    z = np.float32(0)
    for i in range(x.shape[0]):
        z += np.float32(x[i]) * np.float32(y[i])
    return z
