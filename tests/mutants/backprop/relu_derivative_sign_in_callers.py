"""relu_derivative: np.sign(x) (-1 for negative inputs); correct dense_backward and mlp_loss_and_grads that call it keep full marks."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, F821, N803, N806

import numpy as np

CATCHES = "test_relu_derivative_matches_gradient_tape"
CALLERS = ("dense_backward", "mlp_loss_and_grads")


def relu_derivative(x):
    return np.sign(x)


def dense_backward(x, W, b, grad_out, activation="relu"):
    x, W, b, grad_out = (np.asarray(a) for a in (x, W, b, grad_out))
    if x.ndim != 2 or W.ndim != 2 or b.ndim != 1 or grad_out.ndim != 2:
        raise ValueError(f"expected x (batch, in), W (in, units), b (units,), grad_out (batch, units); "
                         f"got {x.shape}, {W.shape}, {b.shape}, {grad_out.shape}")
    if x.shape[1] != W.shape[0] or b.shape[0] != W.shape[1] or grad_out.shape != (x.shape[0], W.shape[1]):
        raise ValueError(f"shapes do not fit: x {x.shape}, W {W.shape}, b {b.shape}, grad_out {grad_out.shape}")
    z = x @ W + b
    if activation is None:
        grad_z = grad_out
    elif activation == "relu":
        grad_z = grad_out * relu_derivative(z)
    elif activation == "sigmoid":
        grad_z = grad_out * sigmoid_derivative(z)
    else:
        raise ValueError(f"unknown activation {activation!r}")
    return grad_z @ W.T, x.T @ grad_z, grad_z.sum(axis=0)


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
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = float(-np.sum(y * log_probs) / n)
    grad_logits = (np.exp(log_probs) * y.sum(axis=1, keepdims=True) - y) / n
    grad_z1 = (grad_logits @ W2.T) * relu_derivative(z1)
    return loss, {"W1": x.T @ grad_z1, "b1": grad_z1.sum(axis=0), "W2": h.T @ grad_logits, "b2": grad_logits.sum(axis=0)}
