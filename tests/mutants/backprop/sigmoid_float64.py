"""sigmoid: converts to float64 first (x.astype(float)): float32 in, float64 out."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_sigmoid_dtype"


def sigmoid(x):
    x = np.asarray(x).astype(float)
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))
