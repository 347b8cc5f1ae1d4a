"""train_mlp: a hard-coded hidden layer of 64 units, whatever hidden says."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, F821, PLR0917

import numpy as np

CATCHES = "test_train_mlp_param_shapes"


def train_mlp(x, y_onehot, hidden=64, epochs=5, batch_size=128, learning_rate=0.1, seed=0):
    x = np.asarray(x, dtype=np.float32)
    y = np.asarray(y_onehot, dtype=np.float32)
    n, n_in = x.shape
    rng = np.random.default_rng(seed)
    params = {
        "W1": (rng.standard_normal((n_in, 64)) * np.sqrt(2 / n_in)).astype(np.float32),
        "b1": np.zeros(64, np.float32),
        "W2": (rng.standard_normal((64, y.shape[1])) * np.sqrt(1 / 64)).astype(np.float32),
        "b2": np.zeros(y.shape[1], np.float32),
    }
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            batch = order[start : start + batch_size]
            _, grads = mlp_loss_and_grads(params, x[batch], y[batch])
            params = {key: value - learning_rate * grads[key] for key, value in params.items()}
    return params
