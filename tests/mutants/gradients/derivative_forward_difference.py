"""numerical_derivative: the one-sided difference (f(x + eps) - f(x)) / eps, error eps / 2 * f''."""
CATCHES = "test_numerical_derivative_analytic"


def numerical_derivative(f, x, eps=1e-5):
    return float((f(x + eps) - f(x)) / eps)
