"""sigmoid_derivative: clamps large inputs in place (x[x > 500] = 500) before exponentiating."""
CATCHES = "test_sigmoid_derivative_unmodified"


def sigmoid_derivative(x):
    x[x > 500] = 500
    x[x < -500] = -500
    s = sigmoid(x)
    return s * (1 - s)
