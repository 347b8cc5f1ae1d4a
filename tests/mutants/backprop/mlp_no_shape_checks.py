"""mlp_loss_and_grads: no shape checks: NumPy's matmul/broadcast errors do not name the shapes as (4, 6)."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, F821, N806

import numpy as np

CATCHES = "test_mlp_bad_shapes"


def mlp_loss_and_grads(params, x, y_onehot):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    n = x.shape[0]
    z1 = x @ W1 + b1
    h = np.maximum(z1, 0)
    probs = softmax(h @ W2 + b2)
    loss = float(-np.mean(np.sum(y_onehot * np.log(probs), axis=1)))
    d_logits = (probs - y_onehot) / n
    d_z1 = (d_logits @ W2.T) * (z1 > 0)
    return loss, {"W1": x.T @ d_z1, "b1": d_z1.sum(axis=0), "W2": h.T @ d_logits, "b2": d_logits.sum(axis=0)}
