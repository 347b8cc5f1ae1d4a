"""numerical_derivative: the one-sided difference (f(x + eps) - f(x)) / eps, error eps / 2 * f''."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

CATCHES = "test_numerical_derivative_analytic"


def numerical_derivative(f, x, eps=1e-5):
    return float((f(x + eps) - f(x)) / eps)
