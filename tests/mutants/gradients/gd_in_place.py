"""gradient_descent_step: updates W in place (W -= ...) and returns it."""
CATCHES = "test_gradient_descent_step_unmodified"


def gradient_descent_step(W, grad, learning_rate):
    if W.shape != grad.shape:
        raise ValueError(f"shapes differ: {W.shape} and {grad.shape}")
    W -= learning_rate * grad
    return W
