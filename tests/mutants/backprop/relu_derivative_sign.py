"""relu_derivative: np.sign(x), which is -1 (not 0) for negative inputs."""
CATCHES = "test_relu_derivative_matches_gradient_tape"

import numpy as np


def relu_derivative(x):
    return np.sign(x)
