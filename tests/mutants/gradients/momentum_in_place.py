"""momentum_step: updates velocity and w in place (*=, -=, +=) and returns them."""
CATCHES = "test_momentum_step_unmodified"


def momentum_step(w, velocity, grad, learning_rate, momentum, nesterov=False):
    if velocity.shape != w.shape or grad.shape != w.shape:
        raise ValueError(f"shapes differ: {w.shape}, {velocity.shape}, {grad.shape}")
    velocity *= momentum
    velocity -= learning_rate * grad
    if nesterov:
        w += momentum * velocity - learning_rate * grad
    else:
        w += velocity
    return w, velocity
