"""sigmoid_derivative: exp(-x) / (1 + exp(-x))**2, which gives inf / inf = nan for large negative x."""
CATCHES = "test_sigmoid_derivative_large_magnitudes"

import numpy as np


def sigmoid_derivative(x):
    e = np.exp(-x)
    return e / (1 + e) ** 2
