"""relu_derivative: returns the boolean mask x > 0 itself."""
CATCHES = "test_relu_derivative_dtype"


def relu_derivative(x):
    return x > 0
