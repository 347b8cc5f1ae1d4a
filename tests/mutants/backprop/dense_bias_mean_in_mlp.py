"""dense_backward: grad_b is the batch mean, not the sum; a correct mlp_loss_and_grads built on it keeps full marks."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, F821, N803, N806

import numpy as np

CATCHES = "test_dense_backward_matches_keras_dense"
CALLERS = ("mlp_loss_and_grads",)


def dense_backward(x, W, b, grad_out, activation="relu"):
    if x.ndim != 2 or W.ndim != 2 or b.shape != (W.shape[1],) or x.shape[1] != W.shape[0]:
        raise ValueError(f"shapes do not fit: {x.shape}, {W.shape}, {b.shape}")
    if grad_out.shape != (x.shape[0], W.shape[1]):
        raise ValueError(f"grad_out {grad_out.shape} does not fit {x.shape} and {W.shape}")
    z = x @ W + b
    if activation == "relu":
        grad_z = grad_out * (z > 0)
    elif activation == "sigmoid":
        grad_z = grad_out * sigmoid_derivative(z)
    elif activation is None:
        grad_z = grad_out
    else:
        raise ValueError(f"unknown activation {activation}")
    return grad_z @ W.T, x.T @ grad_z, grad_z.mean(axis=0)


def mlp_loss_and_grads(params, x, y_onehot):
    W1, b1, W2, b2 = (np.asarray(params[key]) for key in ("W1", "b1", "W2", "b2"))
    x, y = np.asarray(x), np.asarray(y_onehot)
    if (x.ndim != 2 or y.ndim != 2 or x.shape[1] != W1.shape[0] or W2.shape[0] != W1.shape[1]
            or y.shape != (x.shape[0], W2.shape[1])):
        raise ValueError(f"shapes do not fit: x {x.shape}, y_onehot {y.shape}, W1 {W1.shape}, W2 {W2.shape}")
    n = x.shape[0]
    h = np.maximum(x @ W1 + b1, 0)
    logits = h @ W2 + b2
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = float(-np.sum(y * log_probs) / n)
    grad_logits = (np.exp(log_probs) * y.sum(axis=1, keepdims=True) - y) / n
    grad_h, grad_W2, grad_b2 = dense_backward(h, W2, b2, grad_logits, activation=None)
    _, grad_W1, grad_b1 = dense_backward(x, W1, b1, grad_h, activation="relu")
    return loss, {"W1": grad_W1, "b1": grad_b1, "W2": grad_W2, "b2": grad_b2}
