"""sigmoid_derivative: clamps large inputs in place (x[x > 500] = 500) before exponentiating."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, F821

CATCHES = "test_sigmoid_derivative_unmodified"


def sigmoid_derivative(x):
    x[x > 500] = 500
    x[x < -500] = -500
    s = sigmoid(x)
    return s * (1 - s)
