"""sigmoid_derivative: x * (1 - x), as if x were already sigmoid(x) (the derivative at the output)."""
CATCHES = "test_sigmoid_derivative_matches_gradient_tape"


def sigmoid_derivative(x):
    return x * (1 - x)
