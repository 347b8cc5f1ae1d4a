"""Loss functions and their gradients (Deep Learning with Python, 3.1.3; 2.4.4).

A loss function measures how far a model's predictions are from the targets; training
minimises it by gradient descent. This module rebuilds the four losses used in the
book's first networks exactly as Keras 3 computes them, per sample (no batch mean):

* ``mean_squared_error`` — scalar regression (Boston housing, 3.6);
* ``binary_crossentropy`` — two-class problems with a sigmoid output (IMDB, 3.4);
* ``categorical_crossentropy`` — one-hot targets with a softmax output (MNIST 2.1,
  Reuters 3.5);
* ``sparse_categorical_crossentropy`` — the same loss with integer targets (3.5).

Keras guards the logarithms by clipping ``y_pred`` to ``[EPSILON, 1 - EPSILON]`` with
``EPSILON = 1e-7`` *in y_pred's dtype* (so in float32 the upper bound is
``0.99999988``), and the two categorical losses first divide every row of ``y_pred`` by
its sum so that it is a probability distribution.

The last two functions compare the gradients that reach the logit ``z`` of a sigmoid
unit under two losses: with mean squared error the gradient carries a factor
``sigmoid'(z)`` that vanishes when the sigmoid saturates (slow learning), while with
binary crossentropy it is simply ``sigmoid(z) - y``.

Conventions: inputs are NumPy arrays and are never modified; results have ``y_pred``'s
(resp. ``z``'s) floating dtype; wrong ranks or mismatched shapes raise ``ValueError``
naming the shapes.
"""

from __future__ import annotations

import numpy as np

EPSILON = 1e-7
"""Keras's fuzz factor ``keras.config.epsilon()``; convert it to y_pred's dtype."""


def mean_squared_error(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """Per-sample mean squared error, as ``keras.losses.mean_squared_error``.

    Book section 3.1.3 (loss functions) and 3.6 (the ``"mse"`` loss for Boston
    housing): ``loss[i] = mean_j (y_true[i, j] - y_pred[i, j]) ** 2``.

    ``y_true`` is first cast to ``y_pred``'s dtype (as Keras does), so the result
    has ``y_pred``'s dtype whatever the dtype of the targets.

    Args:
        y_true: Targets, array of shape ``(n, d)``, any real dtype.
        y_pred: Predictions, array of shape ``(n, d)``, floating dtype
            (float32 or float64).

    Returns:
        Array of shape ``(n,)`` and ``y_pred``'s dtype: the mean of the squared
        errors of every sample (row). An empty batch ``n = 0`` gives shape ``(0,)``.

    Raises:
        ValueError: if ``y_pred`` is not 2D or ``y_true.shape != y_pred.shape``
            (the message contains both shapes).

    Example:
        >>> y_true = np.array([[0.0, 1.0], [0.0, 0.0]], dtype=np.float32)
        >>> y_pred = np.array([[0.6, 0.4], [0.4, 0.6]], dtype=np.float32)
        >>> loss = mean_squared_error(y_true, y_pred)
        >>> print(np.round(loss, 4), loss.dtype)
        [0.36 0.26] float32
    """
    # BEGIN SOLUTION
    # HINT: check the shapes first; then cast y_true with .astype(y_pred.dtype) and
    # HINT: average the squared differences over the last axis (axis=-1), not over all.
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(
            "y_true and y_pred must be 2D arrays (n, d) of the same shape; got "
            f"y_true.shape={y_true.shape}, y_pred.shape={y_pred.shape}"
        )
    diff = y_true.astype(y_pred.dtype) - y_pred
    return np.mean(np.square(diff), axis=-1)
    # END SOLUTION


def binary_crossentropy(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """Per-sample binary crossentropy, as ``keras.losses.binary_crossentropy``.

    Book section 3.1.3 and 3.4 (IMDB: one sigmoid unit, ``"binary_crossentropy"``).
    With ``p = clip(y_pred, EPSILON, 1 - EPSILON)`` (bounds in ``y_pred``'s dtype)
    and ``t = y_true`` cast to ``y_pred``'s dtype::

        loss[i] = -mean_j (t[i, j] * log(p[i, j]) + (1 - t[i, j]) * log(1 - p[i, j]))

    Targets may be hard (0 or 1) or soft (any value in ``[0, 1]``).

    Args:
        y_true: Targets in ``[0, 1]``, array of shape ``(n, d)``, any real dtype.
        y_pred: Predicted probabilities (sigmoid outputs) in ``[0, 1]``, array of
            shape ``(n, d)``, floating dtype (float32 or float64).

    Returns:
        Array of shape ``(n,)`` and ``y_pred``'s dtype. A prediction of exactly 0
        or 1 gives a large but finite loss thanks to the clipping.

    Raises:
        ValueError: if ``y_pred`` is not 2D or ``y_true.shape != y_pred.shape``
            (the message contains both shapes).

    Example:
        >>> y_true = np.array([[0.0, 1.0], [0.0, 0.0]], dtype=np.float32)
        >>> y_pred = np.array([[0.6, 0.4], [0.4, 0.6]], dtype=np.float32)
        >>> loss = binary_crossentropy(y_true, y_pred)
        >>> print(np.round(loss, 4), loss.dtype)
        [0.9163 0.7136] float32
    """
    # BEGIN SOLUTION
    # HINT: eps = y_pred.dtype.type(EPSILON) keeps the clip bounds in y_pred's dtype;
    # HINT: np.clip returns a new array, so y_pred itself is never modified.
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(
            "y_true and y_pred must be 2D arrays (n, d) of the same shape; got "
            f"y_true.shape={y_true.shape}, y_pred.shape={y_pred.shape}"
        )
    eps = y_pred.dtype.type(EPSILON)
    t = y_true.astype(y_pred.dtype)
    p = np.clip(y_pred, eps, 1 - eps)
    log_likelihood = t * np.log(p) + (1 - t) * np.log(1 - p)
    return -np.mean(log_likelihood, axis=-1)
    # END SOLUTION


def categorical_crossentropy(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """Per-sample categorical crossentropy, as ``keras.losses.categorical_crossentropy``.

    Book section 3.1.3, 2.1 (MNIST) and 3.5 (Reuters: softmax output,
    ``"categorical_crossentropy"`` with one-hot targets). Like Keras, every row of
    ``y_pred`` is first divided by its sum, then clipped to
    ``[EPSILON, 1 - EPSILON]`` (bounds in ``y_pred``'s dtype)::

        p = clip(y_pred / y_pred.sum(axis=-1, keepdims=True), EPSILON, 1 - EPSILON)
        loss[i] = -sum_j t[i, j] * log(p[i, j])

    with ``t = y_true`` cast to ``y_pred``'s dtype. Targets are one-hot rows or any
    probability distributions (soft targets).

    Args:
        y_true: Target distributions, array of shape ``(n, d)``, any real dtype.
        y_pred: Predicted class probabilities (softmax outputs, or any positive
            scores: they are renormalised), array of shape ``(n, d)``, floating
            dtype (float32 or float64); every row must have a positive sum.

    Returns:
        Array of shape ``(n,)`` and ``y_pred``'s dtype.

    Raises:
        ValueError: if ``y_pred`` is not 2D or ``y_true.shape != y_pred.shape``
            (the message contains both shapes).

    Example:
        >>> y_true = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], dtype=np.float32)
        >>> y_pred = np.array([[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]], dtype=np.float32)
        >>> loss = categorical_crossentropy(y_true, y_pred)
        >>> print(np.round(loss, 4), loss.dtype)
        [0.0513 2.3026] float32
    """
    # BEGIN SOLUTION
    # HINT: keepdims=True keeps the row sums as a column (n, 1) that broadcasts over
    # HINT: the row; normalise first, then clip, then take the log.
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if y_pred.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(
            "y_true and y_pred must be 2D arrays (n, d) of the same shape; got "
            f"y_true.shape={y_true.shape}, y_pred.shape={y_pred.shape}"
        )
    eps = y_pred.dtype.type(EPSILON)
    t = y_true.astype(y_pred.dtype)
    p = y_pred / np.sum(y_pred, axis=-1, keepdims=True)
    p = np.clip(p, eps, 1 - eps)
    return -np.sum(t * np.log(p), axis=-1)
    # END SOLUTION


def sparse_categorical_crossentropy(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """Per-sample crossentropy with integer class targets.

    The values of ``keras.losses.sparse_categorical_crossentropy``.

    Book section 3.5 ("A different way to handle the labels and the loss"): the
    same loss as :func:`categorical_crossentropy` with the one-hot target replaced
    by the class index, ``loss[i] = -log(p[i, y_true[i]])`` where ``p`` is
    ``y_pred`` with every row divided by its sum and clipped to
    ``[EPSILON, 1 - EPSILON]`` (bounds in ``y_pred``'s dtype).

    Note: Keras itself clips first and then renormalises; the two orders agree
    (to within about ``d * EPSILON``) whenever the rows of ``y_pred`` sum to 1 or
    all its values lie in ``[EPSILON, 1 - EPSILON]``.

    Args:
        y_true: Class indices, integer array of shape ``(n,)`` with values in
            ``[0, d)``.
        y_pred: Predicted class probabilities, array of shape ``(n, d)``, floating
            dtype (float32 or float64); every row must have a positive sum.

    Returns:
        Array of shape ``(n,)`` and ``y_pred``'s dtype.

    Raises:
        ValueError: if ``y_pred`` is not 2D, ``y_true`` is not 1D, their lengths
            differ (the message contains both shapes), or a label lies outside
            ``[0, d)``.

    Example:
        >>> y_true = np.array([1, 2])
        >>> y_pred = np.array([[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]], dtype=np.float32)
        >>> loss = sparse_categorical_crossentropy(y_true, y_pred)
        >>> print(np.round(loss, 4), loss.dtype)
        [0.0513 2.3026] float32
    """
    # BEGIN SOLUTION
    # HINT: fancy indexing p[np.arange(n), y_true] picks one probability per row;
    # HINT: do not index y_pred before it has been renormalised and clipped.
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if y_pred.ndim != 2 or y_true.ndim != 1 or y_true.shape[0] != y_pred.shape[0]:
        raise ValueError(
            "y_true must be 1D (n,) and y_pred 2D (n, d); got "
            f"y_true.shape={y_true.shape}, y_pred.shape={y_pred.shape}"
        )
    n, d = y_pred.shape
    if n and (y_true.min() < 0 or y_true.max() >= d):
        raise ValueError(
            f"labels must lie in [0, {d}); got min {y_true.min()}, max {y_true.max()}"
        )
    eps = y_pred.dtype.type(EPSILON)
    p = y_pred / np.sum(y_pred, axis=-1, keepdims=True)
    p = np.clip(p, eps, 1 - eps)
    return -np.log(p[np.arange(n), y_true.astype(np.intp)])
    # END SOLUTION


def mse_sigmoid_grad(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Gradient of ``C = (y - sigmoid(z)) ** 2 / 2`` with respect to the logit ``z``.

    Book section 2.4.4 (chain rule) applied to a sigmoid output unit trained with
    mean squared error: ``dC/dz = (sigmoid(z) - y) * sigmoid'(z)`` with
    ``sigmoid'(z) = sigmoid(z) * (1 - sigmoid(z))``. The factor ``sigmoid'(z)``
    tends to 0 when ``|z|`` is large, even if the prediction is completely wrong:
    this is why MSE learns slowly through a saturated sigmoid.

    Element-wise and numerically stable: no overflow warning for any ``|z|``
    (e.g. ``z = ±1000``).

    Args:
        z: Logits (pre-activations), array of any shape, floating dtype.
        y: Targets, array of the same shape as ``z`` (or any shape that
            broadcasts with it), floating dtype.

    Returns:
        Array of the broadcast shape of ``z`` and ``y`` (``z.shape`` when they
        agree), with the dtype NumPy gives for
        arithmetic between ``z`` and ``y`` (float32 and float32 give float32).

    Raises:
        ValueError: if the shapes of ``z`` and ``y`` are incompatible (the message
            contains both shapes).

    Example:
        >>> z = np.array([0.0, 2.0, -1000.0])
        >>> y = np.array([1.0, 1.0, 1.0])
        >>> print(np.round(mse_sigmoid_grad(z, y), 4))
        [-0.125  -0.0125 -0.    ]
    """
    # BEGIN SOLUTION
    # HINT: exp(-abs(z)) never overflows, and both sigmoid(z) and sigmoid'(z) can be written
    # HINT: with it; np.where evaluates both branches on every element, so guard both.
    z = np.asarray(z)
    y = np.asarray(y)
    try:
        np.broadcast_shapes(z.shape, y.shape)
    except ValueError:
        raise ValueError(
            f"z and y must have compatible shapes; got z.shape={z.shape}, y.shape={y.shape}"
        ) from None
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    ds = e / ((1 + e) * (1 + e))
    return (s - y) * ds
    # END SOLUTION


def bce_sigmoid_grad(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Gradient of binary crossentropy on ``sigmoid(z)`` with respect to the logit ``z``.

    Book sections 2.4.4 and 3.4: for ``C = -(y log s + (1 - y) log(1 - s))`` with
    ``s = sigmoid(z)``, the ``sigmoid'(z)`` factor cancels and
    ``dC/dz = sigmoid(z) - y``: the gradient stays large as long as the
    prediction is wrong, however saturated the sigmoid is.

    Element-wise and numerically stable: no overflow warning for any ``|z|``
    (e.g. ``z = ±1000``).

    Args:
        z: Logits (pre-activations), array of any shape, floating dtype.
        y: Targets in ``[0, 1]``, array of the same shape as ``z`` (or any shape
            that broadcasts with it), floating dtype.

    Returns:
        Array of the broadcast shape of ``z`` and ``y`` (``z.shape`` when they
        agree), with the dtype NumPy gives for
        arithmetic between ``z`` and ``y`` (float32 and float32 give float32).

    Raises:
        ValueError: if the shapes of ``z`` and ``y`` are incompatible (the message
            contains both shapes).

    Example:
        >>> z = np.array([0.0, 2.0, -1000.0])
        >>> y = np.array([1.0, 1.0, 1.0])
        >>> print(np.round(bce_sigmoid_grad(z, y), 4))
        [-0.5    -0.1192 -1.    ]
    """
    # BEGIN SOLUTION
    # HINT: only sigmoid(z) is needed; compute it from exp(-abs(z)) so that neither
    # HINT: a large positive nor a large negative z overflows.
    z = np.asarray(z)
    y = np.asarray(y)
    try:
        np.broadcast_shapes(z.shape, y.shape)
    except ValueError:
        raise ValueError(
            f"z and y must have compatible shapes; got z.shape={z.shape}, y.shape={y.shape}"
        ) from None
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return s - y
    # END SOLUTION
