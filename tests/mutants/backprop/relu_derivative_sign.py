"""relu_derivative: np.sign(x), which is -1 (not 0) for negative inputs."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_relu_derivative_matches_gradient_tape"


def relu_derivative(x):
    return np.sign(x)
