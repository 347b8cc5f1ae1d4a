"""Valid alternatives that must keep full marks.

sigmoid with boolean masks, its derivative from the module's sigmoid, relu's derivative via
np.where, softmax along an axis moved to the end, the Dense backward pass with an explicit
transposed product, the network with a separate log-softmax, and train_mlp with small N(0, 0.01)
weights, a while loop and float64 bookkeeping of the loss.
"""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, N803, N806, PLR0917

import numpy as np


def sigmoid(x):
    x = np.asarray(x)
    out = np.empty_like(x, dtype=np.result_type(x, np.float32) if x.dtype.kind != "f" else x.dtype)
    pos = x >= 0
    out[pos] = 1 / (1 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1 + e)
    return out


def sigmoid_derivative(x):
    s = sigmoid(x)
    return s - s * s


def relu_derivative(x):
    x = np.asarray(x)
    one = np.ones((), dtype=x.dtype)
    zero = np.zeros((), dtype=x.dtype)
    return np.where(x > 0, one, zero)


def softmax(logits, axis=-1):
    moved = np.moveaxis(np.asarray(logits), axis, -1)
    shifted = moved - moved.max(axis=-1)[..., None]
    e = np.exp(shifted)
    return np.moveaxis(e / e.sum(axis=-1)[..., None], -1, axis)


def chain_rule(f_prime, g_prime, g, x):
    u = g(x)
    return f_prime(u) * g_prime(x)


def dense_backward(x, W, b, grad_out, activation="relu"):
    if activation not in ("relu", "sigmoid", None):
        raise ValueError(f"unsupported activation: {activation}")
    if x.ndim != 2 or W.ndim != 2 or b.ndim != 1 or grad_out.ndim != 2:
        raise ValueError(f"ranks: x {x.shape}, W {W.shape}, b {b.shape}, grad_out {grad_out.shape}")
    if x.shape[1] != W.shape[0]:
        raise ValueError(f"x {x.shape} cannot multiply W {W.shape}")
    if b.shape[0] != W.shape[1]:
        raise ValueError(f"b {b.shape} does not match W {W.shape}")
    if grad_out.shape != (x.shape[0], W.shape[1]):
        raise ValueError(f"grad_out {grad_out.shape} does not match the output shape")
    z = np.dot(x, W) + b
    if activation == "relu":
        grad_z = grad_out * relu_derivative(z)
    elif activation == "sigmoid":
        grad_z = grad_out * sigmoid_derivative(z)
    else:
        grad_z = grad_out.copy()
    return np.dot(grad_z, np.transpose(W)), np.dot(np.transpose(x), grad_z), np.sum(grad_z, axis=0)


def mlp_loss_and_grads(params, x, y_onehot):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    if x.shape[1] != W1.shape[0]:
        raise ValueError(f"x {x.shape} vs W1 {W1.shape}")
    if y_onehot.shape[0] != x.shape[0]:
        raise ValueError(f"y_onehot {y_onehot.shape} vs x {x.shape}")
    z1 = np.dot(x, W1) + b1
    h = np.maximum(z1, 0)
    logits = np.dot(h, W2) + b2
    log_probs = logits - logits.max(axis=1, keepdims=True)
    log_probs = log_probs - np.log(np.exp(log_probs).sum(axis=1, keepdims=True))
    per_sample = -(y_onehot * log_probs).sum(axis=1)
    loss = float(per_sample.mean())
    d_logits = (np.exp(log_probs) - y_onehot) / x.shape[0]
    grads = {"b2": d_logits.sum(axis=0), "W2": np.dot(h.T, d_logits)}
    d_z1 = np.dot(d_logits, W2.T) * relu_derivative(z1)
    grads["W1"] = np.dot(x.T, d_z1)
    grads["b1"] = d_z1.sum(axis=0)
    return loss, grads


def train_mlp(x, y_onehot, hidden=64, epochs=5, batch_size=128, learning_rate=0.1, seed=0):
    rng = np.random.default_rng(seed)
    n = x.shape[0]
    params = {
        "W1": rng.normal(0.0, 0.01, (x.shape[1], hidden)).astype(np.float32),
        "b1": np.zeros(hidden, dtype=np.float32),
        "W2": rng.normal(0.0, 0.01, (hidden, y_onehot.shape[1])).astype(np.float32),
        "b2": np.zeros(y_onehot.shape[1], dtype=np.float32),
    }
    history = []
    epoch = 0
    while epoch < epochs:
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            loss, grads = mlp_loss_and_grads(params, x[idx], y_onehot[idx])
            history.append(loss)
            params = {key: value - learning_rate * grads[key] for key, value in params.items()}
        epoch += 1
    return params
