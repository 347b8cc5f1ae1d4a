"""softmax: divides by the sum over the whole tensor; a correct mlp_loss_and_grads that calls it keeps full marks."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, N806

import numpy as np

CATCHES = "test_softmax_matches_keras"
CALLERS = ("mlp_loss_and_grads",)


def softmax(logits, axis=-1):
    e = np.exp(logits - np.max(logits, axis=axis, keepdims=True))
    return e / np.sum(e)


def mlp_loss_and_grads(params, x, y_onehot):
    W1, b1, W2, b2 = (np.asarray(params[key]) for key in ("W1", "b1", "W2", "b2"))
    x, y = np.asarray(x), np.asarray(y_onehot)
    if (x.ndim != 2 or y.ndim != 2 or x.shape[1] != W1.shape[0] or W2.shape[0] != W1.shape[1]
            or y.shape != (x.shape[0], W2.shape[1])):
        raise ValueError(f"shapes do not fit: x {x.shape}, y_onehot {y.shape}, W1 {W1.shape}, W2 {W2.shape}")
    n = x.shape[0]
    z1 = x @ W1 + b1
    h = np.maximum(z1, 0)
    logits = h @ W2 + b2
    shifted = logits - logits.max(axis=1, keepdims=True)
    loss = float(-np.sum(y * (shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True)))) / n)
    probs = softmax(logits, axis=1)
    grad_logits = (probs * y.sum(axis=1, keepdims=True) - y) / n
    grad_z1 = (grad_logits @ W2.T) * (z1 > 0)
    return loss, {"W1": x.T @ grad_z1, "b1": grad_z1.sum(axis=0), "W2": h.T @ grad_logits, "b2": grad_logits.sum(axis=0)}
