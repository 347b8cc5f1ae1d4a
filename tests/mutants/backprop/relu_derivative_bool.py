"""relu_derivative: returns the boolean mask x > 0 itself."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

CATCHES = "test_relu_derivative_dtype"


def relu_derivative(x):
    return x > 0
