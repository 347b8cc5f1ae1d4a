"""relu_derivative: overwrites x with its 0/1 mask (x[x <= 0] = 0; x[x > 0] = 1)."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

CATCHES = "test_relu_derivative_unmodified"


def relu_derivative(x):
    x[x <= 0] = 0
    x[x > 0] = 1
    return x
