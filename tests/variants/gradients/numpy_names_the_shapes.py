"""Valid alternatives that must keep full marks.

No shape check of their own: NumPy's broadcasting error ("operands could not be broadcast together
with shapes (2,3) (3,2)") names both shapes, in NumPy's spelling without spaces.
"""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, N803, PLR0917


def gradient_descent_step(W, grad, learning_rate):
    return W - learning_rate * grad


def momentum_step(w, velocity, grad, learning_rate, momentum, nesterov=False):
    velocity = momentum * velocity - learning_rate * grad
    if nesterov:
        return w + momentum * velocity - learning_rate * grad, velocity
    return w + velocity, velocity
