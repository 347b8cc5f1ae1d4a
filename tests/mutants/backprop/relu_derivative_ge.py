"""relu_derivative: x >= 0 gives 1 at 0 (TensorFlow, and the catalogue, say 0)."""
CATCHES = "test_relu_derivative_at_zero"

import numpy as np


def relu_derivative(x):
    x = np.asarray(x)
    return (x >= 0).astype(x.dtype)
