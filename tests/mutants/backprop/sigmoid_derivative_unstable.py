"""sigmoid_derivative: exp(-x) / (1 + exp(-x))**2, which gives inf / inf = nan for large negative x."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_sigmoid_derivative_large_magnitudes"


def sigmoid_derivative(x):
    e = np.exp(-x)
    return e / (1 + e) ** 2
