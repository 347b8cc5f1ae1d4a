"""numerical_derivative: a hard-coded step of 1e-5 instead of the eps argument."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

CATCHES = "test_numerical_derivative_uses_eps"


def numerical_derivative(f, x, eps=1e-5):
    h = 1e-5
    return float((f(x + h) - f(x - h)) / (2 * h))
