"""train_mlp: shuffles x and y in place each epoch (x[:] = x[order]) instead of indexing batches."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, F821, PLR0917

import numpy as np

CATCHES = "test_train_mlp_unmodified"


def train_mlp(x, y_onehot, hidden=64, epochs=5, batch_size=128, learning_rate=0.1, seed=0):
    n, n_in = x.shape
    rng = np.random.default_rng(seed)
    params = {
        "W1": (rng.standard_normal((n_in, hidden)) * np.sqrt(2 / n_in)).astype(np.float32),
        "b1": np.zeros(hidden, np.float32),
        "W2": (rng.standard_normal((hidden, y_onehot.shape[1])) * np.sqrt(1 / hidden)).astype(np.float32),
        "b2": np.zeros(y_onehot.shape[1], np.float32),
    }
    for _ in range(epochs):
        order = rng.permutation(n)
        x[:] = x[order]
        y_onehot[:] = y_onehot[order]
        for start in range(0, n, batch_size):
            batch = slice(start, start + batch_size)
            _, grads = mlp_loss_and_grads(params, x[batch], y_onehot[batch])
            params = {key: value - learning_rate * grads[key] for key, value in params.items()}
    return params
