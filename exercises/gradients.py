"""Gradient-based optimisation by hand (Deep Learning with Python, 2.4.1-2.4.3).

You compute derivatives numerically, then write the update rules that Keras's optimizers
apply at every training step: plain gradient descent, SGD with momentum (and its Nesterov
form), RMSprop and Adagrad, and finally the book's mini-batch SGD training loop.

Conventions (see the exercise catalogue):

* Never modify an input array, not even temporarily: return new arrays.
* Arrays of incompatible shapes raise ``ValueError`` whose message contains the
  offending shapes (``str(x.shape)``), never a bare ``assert``.
* Results keep NumPy's own dtype: float32 weights and gradients give float32 weights,
  as long as the hyper-parameters are Python floats.
"""

# The catalogue's signatures use the book's names (W, W1) and positional hyper-parameters.
# ruff: noqa: N803, N806, PLR0917

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_derivative(f: Callable[[float], float], x: float, eps: float = 1e-5) -> float:
    """Slope of a scalar function at one point, by central differences (2.4.1).

    The derivative is the limit of ``(f(x + eps) - f(x)) / eps``; the *central*
    difference ``(f(x + eps) - f(x - eps)) / (2 * eps)`` is much more accurate for the
    same ``eps`` (its error shrinks like ``eps**2`` instead of ``eps``).

    Args:
        f: a scalar function of one real number, returning a real number.
        x: the point (a Python or NumPy real scalar).
        eps: the half-width of the difference, a small positive float.

    Returns:
        The approximate derivative ``f'(x)`` as a Python ``float``.

    Raises:
        Whatever ``f`` raises; nothing else.

    Example:
        >>> round(numerical_derivative(lambda t: t ** 2, 3.0), 6)
        6.0
    """
    # HINT: evaluate f once on each side of x, at x + eps and at x - eps.
    # HINT: return a plain Python float (float(...)), whatever type f returns.
    raise NotImplementedError("numerical_derivative: write your code here, then run pytest")


def numerical_gradient(f: Callable[[np.ndarray], float], W: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Gradient of a scalar function of a tensor, element by element (2.4.2).

    For every element ``W[idx]``, perturb a *copy* of ``W`` by ``+eps`` and by ``-eps`` at
    that element only, and take the central difference of ``f``. The copies are best made
    in float64: perturbing a float32 value of about 1 by 1e-5 is rounded to a multiple
    of 6e-8, which costs about 1 % of accuracy. ``f`` is called with these copies, never
    with ``W`` itself.

    Args:
        f: a function of one array shaped like ``W``, returning a real scalar (the loss).
        W: the point, a tensor of any shape and of any float dtype (integer arrays are
            accepted too). It is left bit-for-bit unchanged.
        eps: the half-width of the differences, a small positive float.

    Returns:
        An array of ``W``'s shape holding ``df/dW``, in ``W``'s dtype (float64 when ``W``
        holds integers).

    Raises:
        Whatever ``f`` raises; nothing else.

    Example:
        >>> W = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
        >>> g = numerical_gradient(lambda w: float(np.sum(w ** 2)), W)
        >>> g.dtype, g.shape
        (dtype('float32'), (2, 2))
        >>> np.round(g, 4).tolist()
        [[2.0, 4.0], [6.0, 8.0]]
    """
    # HINT: loop over every index with np.ndindex(W.shape); perturb a float64 copy of W,
    # HINT: never W itself, and store (f(W + eps) - f(W - eps)) / (2 * eps) at that index.
    raise NotImplementedError("numerical_gradient: write your code here, then run pytest")


def gradient_descent_step(W: np.ndarray, grad: np.ndarray, learning_rate: float) -> np.ndarray:
    """One step of plain gradient descent (2.4.3): move against the gradient.

    Args:
        W: the weights, an array of any shape, float dtype.
        grad: the gradient of the loss with respect to ``W``, same shape as ``W``.
        learning_rate: the step size, a Python float.

    Returns:
        The new weights ``W - learning_rate * grad``: a new array of ``W``'s shape, with
        NumPy's dtype for that expression (float32 weights and gradient give float32).

    Raises:
        ValueError: if ``grad.shape != W.shape`` (the message contains both shapes).

    Example:
        >>> W = np.array([1.0, 2.0], dtype=np.float32)
        >>> new = gradient_descent_step(W, np.array([10.0, -10.0], dtype=np.float32), 0.5)
        >>> new.tolist(), new.dtype
        ([-4.0, 7.0], dtype('float32'))
    """
    # HINT: check the shapes first and raise ValueError(f"... {W.shape} ... {grad.shape}").
    # HINT: `W - learning_rate * grad` builds a new array; `W -= ...` would modify W.
    raise NotImplementedError("gradient_descent_step: write your code here, then run pytest")


def momentum_step(
    w: np.ndarray,
    velocity: np.ndarray,
    grad: np.ndarray,
    learning_rate: float,
    momentum: float,
    nesterov: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """One update of SGD with momentum, as ``keras.optimizers.SGD`` does it (2.4.3).

    The velocity remembers past steps: ``velocity = momentum * velocity -
    learning_rate * grad``. Then ``w + velocity`` (classical momentum) or, with
    ``nesterov=True``, ``w + momentum * velocity - learning_rate * grad`` using the new
    velocity: this Nesterov form is the line the book prints
    (``w = w + momentum * velocity - learning_rate * gradient``).

    Args:
        w: the weights, an array of any shape, float dtype.
        velocity: the velocity from the previous step (zeros at the first step), same
            shape as ``w``.
        grad: the gradient of the loss with respect to ``w``, same shape as ``w``.
        learning_rate: the step size, a Python float.
        momentum: the momentum factor, a Python float in ``[0, 1)``.
        nesterov: use the Nesterov update for the weights.

    Returns:
        ``(new_w, new_velocity)``: two new arrays of ``w``'s shape and NumPy's dtype for the
        expressions above (float32 in, float32 out). The inputs are unchanged.

    Raises:
        ValueError: if ``velocity`` or ``grad`` does not have ``w``'s shape (the message
            contains the shapes).

    Example:
        >>> w = np.array([1.0], dtype=np.float32)
        >>> v = np.zeros(1, dtype=np.float32)
        >>> g = np.array([2.0], dtype=np.float32)
        >>> w, v = momentum_step(w, v, g, learning_rate=0.5, momentum=0.5)
        >>> w.tolist(), v.tolist()
        ([0.0], [-1.0])
        >>> w, v = momentum_step(w, v, g, learning_rate=0.5, momentum=0.5)
        >>> w.tolist(), v.tolist()
        ([-1.5], [-1.5])
        >>> momentum_step(w, v, g, 0.5, 0.5, nesterov=True)[0].tolist()
        [-3.375]
    """
    # HINT: compute the new velocity first; the Nesterov form then uses that new velocity.
    # HINT: build new arrays only (no `+=`, no `velocity[...] = ...`).
    raise NotImplementedError("momentum_step: write your code here, then run pytest")


def rmsprop_step(
    w: np.ndarray,
    cache: np.ndarray,
    grad: np.ndarray,
    learning_rate: float = 0.001,
    rho: float = 0.9,
    epsilon: float = 1e-7,
) -> tuple[np.ndarray, np.ndarray]:
    """One RMSprop update, as ``keras.optimizers.RMSprop`` does it (2.4.3).

    RMSprop divides each step by a running root-mean-square of recent gradients:
    ``cache = rho * cache + (1 - rho) * grad**2``, then
    ``w - learning_rate * grad / sqrt(cache + epsilon)`` (Keras puts epsilon *inside* the
    square root).

    Args:
        w: the weights, an array of any shape, float dtype.
        cache: the running mean of squared gradients (zeros at the first step, as in
            Keras), same shape as ``w``.
        grad: the gradient of the loss with respect to ``w``, same shape as ``w``.
        learning_rate: the step size, a Python float.
        rho: the decay of the running mean, a Python float in ``[0, 1)``.
        epsilon: a small Python float that keeps the division finite.

    Returns:
        ``(new_w, new_cache)``: two new arrays of ``w``'s shape and NumPy's dtype for the
        expressions above (float32 in, float32 out). The inputs are unchanged.

    Raises:
        ValueError: if ``cache`` or ``grad`` does not have ``w``'s shape (the message
            contains the shapes).

    Example:
        >>> w = np.array([1.0], dtype=np.float32)
        >>> c = np.zeros(1, dtype=np.float32)
        >>> g = np.array([2.0], dtype=np.float32)
        >>> w, c = rmsprop_step(w, c, g, learning_rate=0.25, rho=0.75, epsilon=0.0)
        >>> c.tolist(), w.tolist(), w.dtype
        ([1.0], [0.5], dtype('float32'))
    """
    # HINT: update the cache first, then use the *new* cache in the step.
    # HINT: epsilon goes inside the square root: np.sqrt(cache + epsilon).
    raise NotImplementedError("rmsprop_step: write your code here, then run pytest")


def adagrad_step(
    w: np.ndarray,
    accumulator: np.ndarray,
    grad: np.ndarray,
    learning_rate: float = 0.001,
    epsilon: float = 1e-7,
) -> tuple[np.ndarray, np.ndarray]:
    """One Adagrad update, as ``keras.optimizers.Adagrad`` does it (2.4.3).

    Adagrad divides each step by the root of the *sum* of all squared gradients so far:
    ``accumulator = accumulator + grad**2``, then
    ``w - learning_rate * grad / sqrt(accumulator + epsilon)``. Keras starts the
    accumulator at ``initial_accumulator_value=0.1``; here the caller passes it in.

    Args:
        w: the weights, an array of any shape, float dtype.
        accumulator: the sum of squared gradients so far, same shape as ``w``.
        grad: the gradient of the loss with respect to ``w``, same shape as ``w``.
        learning_rate: the step size, a Python float.
        epsilon: a small Python float that keeps the division finite.

    Returns:
        ``(new_w, new_accumulator)``: two new arrays of ``w``'s shape and NumPy's dtype for
        the expressions above (float32 in, float32 out). The inputs are unchanged.

    Raises:
        ValueError: if ``accumulator`` or ``grad`` does not have ``w``'s shape (the
            message contains the shapes).

    Example:
        >>> w = np.array([1.0], dtype=np.float32)
        >>> acc = np.full(1, 5.0, dtype=np.float32)
        >>> g = np.array([2.0], dtype=np.float32)
        >>> w, acc = adagrad_step(w, acc, g, learning_rate=0.75, epsilon=0.0)
        >>> acc.tolist(), w.tolist()
        ([9.0], [0.5])
    """
    # HINT: add grad**2 to a *new* accumulator, then divide by its square root (plus
    # HINT: epsilon inside the root, as Keras does).
    raise NotImplementedError("adagrad_step: write your code here, then run pytest")


def minibatch_sgd(
    loss_and_grad: Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[float, np.ndarray]],
    w0: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    batch_size: int = 32,
    learning_rate: float = 0.01,
    epochs: int = 1,
    seed: int = 0,
) -> tuple[np.ndarray, list[float]]:
    """The book's mini-batch stochastic gradient descent loop (2.4.3).

    ``rng = np.random.default_rng(seed)`` is made once. Every epoch draws
    ``order = rng.permutation(len(x))``; the batches are the consecutive slices
    ``order[0:batch_size]``, ``order[batch_size:2 * batch_size]``, ... (the last one may
    be shorter). For every batch: ``loss, grad = loss_and_grad(w, x[batch], y[batch])``
    and ``w = w - learning_rate * grad``.

    Args:
        loss_and_grad: ``(w, xb, yb) -> (loss, grad)``: the loss on one batch (a real
            scalar) and its gradient with respect to ``w`` (an array of ``w``'s shape).
        w0: the initial weights, an array of any shape, float dtype; left unchanged.
        x: the inputs, an array whose first axis indexes the ``n`` samples.
        y: the targets, an array whose first axis indexes the same ``n`` samples.
        batch_size: the number of samples per batch, a positive int.
        learning_rate: the step size, a Python float.
        epochs: the number of passes over the data, an int >= 0.
        seed: the seed of the one random generator used for all the shuffling.

    Returns:
        ``(w, losses)``: the final weights (a new array of ``w0``'s shape) and the list of
        the per-batch losses as Python floats, in the order they were computed
        (``epochs * ceil(n / batch_size)`` of them).

    Raises:
        ValueError: if ``len(x) != len(y)`` (the message contains both shapes), if
            ``batch_size < 1`` or if ``epochs < 0``.

    Example:
        >>> def lsq(w, xb, yb):  # least squares on a line through the origin
        ...     r = xb * w - yb
        ...     return float(np.mean(r ** 2)), np.array([2 * np.mean(r * xb)])
        >>> x = np.array([1.0, 2.0, 3.0, 4.0])
        >>> w, losses = minibatch_sgd(lsq, np.zeros(1), x, 2 * x, batch_size=2,
        ...                           learning_rate=0.05, epochs=20)
        >>> len(losses), round(float(w[0]), 3)
        (40, 2.0)
    """
    # HINT: make the generator once, before the epoch loop; draw a new permutation per epoch.
    # HINT: loop over range(0, n, batch_size) and slice the permutation, not x itself.
    raise NotImplementedError("minibatch_sgd: write your code here, then run pytest")
