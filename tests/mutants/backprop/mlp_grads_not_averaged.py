"""mlp_loss_and_grads: gradients of the summed loss (forgets to divide probs - y by the batch size)."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, F821, N806

import numpy as np

CATCHES = "test_mlp_grads_match_gradient_tape"
CALLERS = ("train_mlp",)  # one bug, one deduction: these keep full marks


def mlp_loss_and_grads(params, x, y_onehot):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    if x.ndim != 2 or x.shape[1] != W1.shape[0] or y_onehot.shape != (x.shape[0], W2.shape[1]):
        raise ValueError(f"shapes do not fit: x {x.shape}, W1 {W1.shape}, y_onehot {y_onehot.shape}")
    z1 = x @ W1 + b1
    h = np.maximum(z1, 0)
    logits = h @ W2 + b2
    probs = softmax(logits)
    loss = float(-np.mean(np.sum(y_onehot * np.log(probs), axis=1)))
    d_logits = probs - y_onehot
    d_z1 = (d_logits @ W2.T) * (z1 > 0)
    return loss, {"W1": x.T @ d_z1, "b1": d_z1.sum(axis=0), "W2": h.T @ d_logits, "b2": d_logits.sum(axis=0)}
