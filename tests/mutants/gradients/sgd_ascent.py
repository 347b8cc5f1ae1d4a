"""minibatch_sgd: steps up the gradient (w + learning_rate * grad) and diverges."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, PLR0917

import numpy as np

CATCHES = "test_minibatch_sgd_converges"


def minibatch_sgd(loss_and_grad, w0, x, y, batch_size=32, learning_rate=0.01, epochs=1, seed=0):
    if len(x) != len(y):
        raise ValueError(f"x {x.shape} and y {y.shape} differ in length")
    rng = np.random.default_rng(seed)
    w = w0.copy()
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            batch = order[start : start + batch_size]
            loss, grad = loss_and_grad(w, x[batch], y[batch])
            w = w + learning_rate * grad
            losses.append(float(loss))
    return w, losses
