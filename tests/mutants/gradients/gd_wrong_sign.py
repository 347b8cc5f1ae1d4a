"""gradient_descent_step: moves along the gradient (W + lr * grad): gradient ascent."""
CATCHES = "test_gradient_descent_step_matches_keras_sgd"


def gradient_descent_step(W, grad, learning_rate):
    if W.shape != grad.shape:
        raise ValueError(f"shapes differ: {W.shape} and {grad.shape}")
    return W + learning_rate * grad
