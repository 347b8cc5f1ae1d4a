"""sigmoid: clips its input in place to avoid overflow (np.clip(x, -500, 500, out=x))."""
CATCHES = "test_sigmoid_unmodified"

import numpy as np


def sigmoid(x):
    np.clip(x, -500, 500, out=x)
    return 1 / (1 + np.exp(-x))
