"""Valid alternatives that must keep full marks.

sigmoid through tanh, its derivative as z / (1 + z)**2, relu's derivative with np.heaviside, softmax
through log-sum-exp, the Dense backward pass with np.einsum and np.where, a Keras-style clipped
crossentropy, and train_mlp with Glorot-uniform weights and an inline forward/backward pass.
"""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, N803, N806, PLR0917

import numpy as np


def sigmoid(x):
    x = np.asarray(x)
    return 0.5 * (1 + np.tanh(0.5 * x))  # exact identity; tanh never overflows


def sigmoid_derivative(x):
    x = np.asarray(x)
    z = np.exp(-np.abs(x))  # symmetric: sigma'(x) = sigma'(-x) = z / (1 + z)**2
    return z / (1 + z) ** 2


def relu_derivative(x):
    x = np.asarray(x)
    return np.heaviside(x, 0).astype(x.dtype)


def softmax(logits, axis=-1):
    logits = np.asarray(logits)
    m = np.max(logits, axis=axis, keepdims=True)
    lse = m + np.log(np.sum(np.exp(logits - m), axis=axis, keepdims=True))
    return np.exp(logits - lse)


def chain_rule(f_prime, g_prime, g, x):
    inner_slope = g_prime(x)
    outer_slope = f_prime(g(x))
    return float(inner_slope * outer_slope)


def dense_backward(x, W, b, grad_out, activation="relu"):
    if x.ndim != 2 or W.ndim != 2 or x.shape[1] != W.shape[0]:
        raise ValueError(f"x {x.shape} and W {W.shape} do not fit")
    if b.shape != (W.shape[1],):
        raise ValueError(f"b {b.shape} does not fit W {W.shape}")
    if grad_out.shape != (x.shape[0], W.shape[1]):
        raise ValueError(f"grad_out {grad_out.shape} does not fit x {x.shape} and W {W.shape}")
    z = np.einsum("bi,iu->bu", x, W) + b
    if activation == "relu":
        grad_z = np.where(z > 0, grad_out, 0)
    elif activation == "sigmoid":
        s = sigmoid(z)
        grad_z = grad_out * s * (1 - s)
    elif activation is None:
        grad_z = grad_out
    else:
        raise ValueError(f"activation must be 'relu', 'sigmoid' or None, not {activation!r}")
    return (
        np.einsum("bu,iu->bi", grad_z, W),
        np.einsum("bi,bu->iu", x, grad_z),
        np.einsum("bu->u", grad_z),
    )


def mlp_loss_and_grads(params, x, y_onehot):
    W1, b1, W2, b2 = (params[k] for k in ("W1", "b1", "W2", "b2"))
    if x.ndim != 2 or x.shape[1] != W1.shape[0]:
        raise ValueError(f"x {x.shape} does not fit W1 {W1.shape}")
    if y_onehot.shape != (x.shape[0], W2.shape[1]):
        raise ValueError(f"y_onehot {y_onehot.shape} does not fit x {x.shape} and W2 {W2.shape}")
    n = len(x)
    z1 = x @ W1 + b1
    h = np.where(z1 > 0, z1, 0)
    probs = softmax(h @ W2 + b2)
    clipped = np.clip(probs, 1e-7, 1 - 1e-7)  # as keras.losses.categorical_crossentropy does
    loss = float(np.mean(-np.sum(y_onehot * np.log(clipped), axis=1)))
    d_logits = (probs - y_onehot) / n
    d_h = d_logits @ W2.T
    d_z1 = np.where(z1 > 0, d_h, 0)
    return loss, {
        "W2": h.T @ d_logits,
        "b2": d_logits.sum(axis=0),
        "W1": x.T @ d_z1,
        "b1": d_z1.sum(axis=0),
    }


def train_mlp(x, y_onehot, hidden=64, epochs=5, batch_size=128, learning_rate=0.1, seed=0):
    rng = np.random.default_rng(seed)
    n, n_in = x.shape
    k = y_onehot.shape[1]
    lim1, lim2 = np.sqrt(6 / (n_in + hidden)), np.sqrt(6 / (hidden + k))
    W1 = rng.uniform(-lim1, lim1, (n_in, hidden)).astype(np.float32)
    W2 = rng.uniform(-lim2, lim2, (hidden, k)).astype(np.float32)
    b1 = np.zeros(hidden, np.float32)
    b2 = np.zeros(k, np.float32)
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            xb, yb = x[idx], y_onehot[idx]
            z1 = xb @ W1 + b1
            h = np.maximum(z1, 0)
            logits = h @ W2 + b2
            e = np.exp(logits - logits.max(axis=1, keepdims=True))
            d_logits = (e / e.sum(axis=1, keepdims=True) - yb) / len(xb)
            d_z1 = (d_logits @ W2.T) * (z1 > 0)
            W2 = W2 - learning_rate * (h.T @ d_logits)
            b2 = b2 - learning_rate * d_logits.sum(axis=0)
            W1 = W1 - learning_rate * (xb.T @ d_z1)
            b1 = b1 - learning_rate * d_z1.sum(axis=0)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
