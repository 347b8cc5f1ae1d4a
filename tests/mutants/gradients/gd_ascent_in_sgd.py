"""gradient_descent_step: W + lr * grad (gradient ascent); a minibatch_sgd that steps with it keeps full marks."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, N803

import numpy as np

CATCHES = "test_gradient_descent_step_matches_keras_sgd"
CALLERS = ("minibatch_sgd",)


def gradient_descent_step(W, grad, learning_rate):
    if W.shape != grad.shape:
        raise ValueError(f"shapes differ: {W.shape} and {grad.shape}")
    return W + learning_rate * grad


def minibatch_sgd(loss_and_grad, w0, x, y, batch_size=32, learning_rate=0.01, epochs=1, seed=0):
    x, y = np.asarray(x), np.asarray(y)
    if len(x) != len(y):
        raise ValueError(f"x and y must hold the same number of samples, got {x.shape} and {y.shape}")
    rng = np.random.default_rng(seed)
    w = np.array(w0, copy=True)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            batch = order[start : start + batch_size]
            loss, grad = loss_and_grad(w, x[batch], y[batch])
            w = gradient_descent_step(w, np.asarray(grad), learning_rate)
            losses.append(float(loss))
    return w, losses
