"""Valid alternatives that must keep full marks.

a flat index with np.unravel_index and one working copy restored after each element; divisions
written as `/ eps / 2`; Keras's own order of operations for the optimizers; `** 0.5` and `grad *
grad`; a while loop and np.take for the mini-batches.
"""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, N803, PLR0917

import numpy as np


def numerical_derivative(f, x, eps=1e-5):
    f_plus = f(x + eps)
    f_minus = f(x - eps)
    return float((f_plus - f_minus) / eps / 2)


def numerical_gradient(f, W, eps=1e-5):
    work = np.array(W, dtype=np.float64)  # one working copy, restored after every element
    grad = np.empty(work.shape, dtype=np.float64)
    for i in range(work.size):
        idx = np.unravel_index(i, work.shape)
        old = work[idx]
        work[idx] = old + eps
        f_plus = f(work)
        work[idx] = old - eps
        f_minus = f(work)
        work[idx] = old
        grad[idx] = (f_plus - f_minus) / eps / 2
    if np.issubdtype(np.asarray(W).dtype, np.floating):
        return grad.astype(np.asarray(W).dtype)
    return grad


def gradient_descent_step(W, grad, learning_rate):
    if np.shape(W) != np.shape(grad):
        raise ValueError(f"cannot step: W {np.shape(W)} vs grad {np.shape(grad)}")
    return np.subtract(W, np.multiply(grad, learning_rate))


def momentum_step(w, velocity, grad, learning_rate, momentum, nesterov=False):
    for name, arr in (("velocity", velocity), ("grad", grad)):
        if arr.shape != w.shape:
            raise ValueError(f"{name} has shape {arr.shape}, w has shape {w.shape}")
    m = velocity * momentum - grad * learning_rate  # Keras's order of operations
    if nesterov:
        return w + (m * momentum - grad * learning_rate), m
    return w + m, m


def rmsprop_step(w, cache, grad, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    for name, arr in (("cache", cache), ("grad", grad)):
        if arr.shape != w.shape:
            raise ValueError(f"{name} has shape {arr.shape}, w has shape {w.shape}")
    cache = rho * cache + (1 - rho) * (grad * grad)
    return w - (learning_rate * grad) / (cache + epsilon) ** 0.5, cache


def adagrad_step(w, accumulator, grad, learning_rate=0.001, epsilon=1e-7):
    for name, arr in (("accumulator", accumulator), ("grad", grad)):
        if arr.shape != w.shape:
            raise ValueError(f"{name} has shape {arr.shape}, w has shape {w.shape}")
    accumulator = np.add(accumulator, np.square(grad))
    return w - learning_rate / np.sqrt(accumulator + epsilon) * grad, accumulator


def minibatch_sgd(loss_and_grad, w0, x, y, batch_size=32, learning_rate=0.01, epochs=1, seed=0):
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"{x.shape} and {y.shape}: not the same number of samples")
    if batch_size <= 0:
        raise ValueError("batch_size must be positive")
    rng = np.random.default_rng(seed)
    w = w0.copy()
    losses = []
    epoch = 0
    while epoch < epochs:
        order = rng.permutation(x.shape[0])
        start = 0
        while start < len(order):
            idx = order[start : start + batch_size]
            loss, grad = loss_and_grad(w, np.take(x, idx, axis=0), np.take(y, idx, axis=0))
            w -= learning_rate * grad  # on our own copy: w0 is untouched
            losses.append(float(loss))
            start += batch_size
        epoch += 1
    return w, losses
