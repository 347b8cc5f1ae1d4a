"""sigmoid_derivative: works on x.astype(np.float64) and never casts back."""
CATCHES = "test_sigmoid_derivative_dtype"

import numpy as np


def sigmoid_derivative(x):
    s = sigmoid(np.asarray(x).astype(np.float64))
    return s * (1 - s)
