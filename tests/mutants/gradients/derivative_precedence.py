"""numerical_derivative: `/ 2 * eps` instead of `/ (2 * eps)` (operator precedence slip)."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

CATCHES = "test_numerical_derivative_random_polynomials"


def numerical_derivative(f, x, eps=1e-5):
    return float((f(x + eps) - f(x - eps)) / 2 * eps)
