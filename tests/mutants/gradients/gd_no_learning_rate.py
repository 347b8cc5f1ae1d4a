"""gradient_descent_step: forgets the learning rate (W - grad)... unless it is 1."""
CATCHES = "test_gradient_descent_step_formula"


def gradient_descent_step(W, grad, learning_rate):
    if W.shape != grad.shape:
        raise ValueError(f"shapes differ: {W.shape} and {grad.shape}")
    return W - grad
