"""Valid alternatives that must keep full marks.

numerical_gradient by a perturbation matrix over the flattened tensor; gradient descent as W + (-lr)
* grad; the optimizers from explicit intermediate arrays; each mini-batch's indices sorted (the same
samples, another order inside the batch).
"""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, N803, N806, PLR0917

import numpy as np


def numerical_derivative(f, x, eps=1e-5):
    x = float(x)
    return (float(f(x + eps)) - float(f(x - eps))) / (2.0 * eps)


def numerical_gradient(f, W, eps=1e-5):
    W = np.asarray(W)
    flat = W.astype(np.float64).reshape(-1)
    steps = np.eye(flat.size) * eps
    values = [(f((flat + s).reshape(W.shape)) - f((flat - s).reshape(W.shape))) / (2 * eps) for s in steps]
    out_dtype = W.dtype if W.dtype.kind == "f" else np.float64
    return np.array(values, dtype=np.float64).reshape(W.shape).astype(out_dtype)


def gradient_descent_step(W, grad, learning_rate):
    if W.shape != grad.shape:
        raise ValueError(f"W {W.shape} and grad {grad.shape} must have the same shape")
    return W + (-learning_rate) * grad


def momentum_step(w, velocity, grad, learning_rate, momentum, nesterov=False):
    if not (w.shape == velocity.shape == grad.shape):
        raise ValueError(f"shapes differ: w {w.shape}, velocity {velocity.shape}, grad {grad.shape}")
    step = learning_rate * grad
    v = momentum * velocity
    v = v - step
    new_w = w + momentum * v - step if nesterov else w + v
    return new_w, v


def rmsprop_step(w, cache, grad, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    if not (w.shape == cache.shape == grad.shape):
        raise ValueError(f"shapes differ: w {w.shape}, cache {cache.shape}, grad {grad.shape}")
    squared = np.power(grad, 2)
    cache = cache * rho + squared * (1 - rho)
    denom = np.sqrt(np.add(cache, epsilon))
    return w - learning_rate * (grad / denom), cache


def adagrad_step(w, accumulator, grad, learning_rate=0.001, epsilon=1e-7):
    if not (w.shape == accumulator.shape == grad.shape):
        raise ValueError(f"shapes differ: w {w.shape}, accumulator {accumulator.shape}, grad {grad.shape}")
    acc = accumulator.copy()
    acc += grad**2  # on a copy
    return w - learning_rate * (grad / np.sqrt(acc + epsilon)), acc


def minibatch_sgd(loss_and_grad, w0, x, y, batch_size=32, learning_rate=0.01, epochs=1, seed=0):
    if len(x) != len(y):
        raise ValueError(f"len(x) != len(y): {x.shape} vs {y.shape}")
    rng = np.random.default_rng(seed)
    n = len(x)
    n_batches = -(-n // batch_size)
    w = np.copy(w0)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(n)
        for b in range(n_batches):
            idx = np.sort(order[b * batch_size : (b + 1) * batch_size])
            loss, grad = loss_and_grad(w, x[idx], y[idx])
            w = w - learning_rate * grad
            losses.append(float(loss))
    return w, losses
