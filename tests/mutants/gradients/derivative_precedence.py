"""numerical_derivative: `/ 2 * eps` instead of `/ (2 * eps)` (operator precedence slip)."""
CATCHES = "test_numerical_derivative_random_polynomials"


def numerical_derivative(f, x, eps=1e-5):
    return float((f(x + eps) - f(x - eps)) / 2 * eps)
