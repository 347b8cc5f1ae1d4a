"""relu_derivative: x >= 0 gives 1 at 0 (TensorFlow, and the catalogue, say 0)."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_relu_derivative_at_zero"


def relu_derivative(x):
    x = np.asarray(x)
    return (x >= 0).astype(x.dtype)
