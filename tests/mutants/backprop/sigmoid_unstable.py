"""sigmoid: exp(x) / (1 + exp(x)), which gives inf / inf = nan for large x."""
CATCHES = "test_sigmoid_large_magnitudes"

import numpy as np


def sigmoid(x):
    e = np.exp(x)
    return e / (1 + e)
