"""sigmoid_derivative: works on x.astype(np.float64) and never casts back."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, F821

import numpy as np

CATCHES = "test_sigmoid_derivative_dtype"


def sigmoid_derivative(x):
    s = sigmoid(np.asarray(x).astype(np.float64))
    return s * (1 - s)
