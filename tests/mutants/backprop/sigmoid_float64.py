"""sigmoid: converts to float64 first (x.astype(float)): float32 in, float64 out."""
CATCHES = "test_sigmoid_dtype"

import numpy as np


def sigmoid(x):
    x = np.asarray(x).astype(float)
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))
