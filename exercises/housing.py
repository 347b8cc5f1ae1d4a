"""Predicting house prices: scalar regression with Keras (Deep Learning with Python, 3.6).

The Boston housing data: 404 training and 102 test suburbs, 13 numeric features each
(crime rate, rooms per dwelling, ...), and the median price of a home in thousands of
dollars as the target. With so few samples the book

* normalises every feature with the mean and standard deviation of the *training*
  data (the test data must never leak into anything the model learns from);
* uses a small network (two Dense layers of 64 units) ending in one unit with no
  activation, trained with the mean squared error loss and watched with the mean
  absolute error (MAE) metric;
* judges it by K-fold cross-validation: split the training data into K blocks, train
  K fresh models, each validated on one block and trained on the others, and average
  the K validation scores::

    (train_data, train_targets), (test_data, test_targets) = load_data()
    train_data, test_data = normalize(train_data, test_data)
    scores = k_fold_validate(train_data, train_targets)   # 4 MAEs, about 2.5 each

``load_data`` is provided. The grader runs your ``k_fold_validate`` on the real training
data and checks the mean validation MAE.
"""

from __future__ import annotations

import keras
import numpy as np
from keras import layers


def load_data() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The Boston housing data, ``keras.datasets.boston_housing.load_data()`` (provided, not graded).

    Keras downloads ``boston_housing.npz`` once and caches it in ``~/.keras/datasets``; without
    network access and without that file, the error says how to install the course's data
    (``dlgrade data install``).

    Returns:
        ``((train_data, train_targets), (test_data, test_targets))``: float64 arrays of
        shape ``(404, 13)``, ``(404,)``, ``(102, 13)`` and ``(102,)``; prices in
        thousands of dollars.
    """
    from grader.authoring.datasets import explain_missing  # no download possible: say how to install the data

    with explain_missing("boston_housing.npz"):
        return keras.datasets.boston_housing.load_data()


def normalize(train_data: np.ndarray, test_data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Feature-wise normalisation with statistics of the training data only (section 3.6.2).

    For every feature (column) ``j``: ``(x[:, j] - mean_j) / std_j``, where ``mean_j`` and
    ``std_j`` (population standard deviation, ``ddof=0``, NumPy's default) are computed
    on ``train_data`` alone and applied to both arrays.

    Args:
        train_data: array of shape ``(n_train, d)``, float dtype. Not modified.
        test_data: array of shape ``(n_test, d)``, same ``d``. Not modified.

    Returns:
        ``(train, test)``: new arrays of the inputs' shapes and NumPy's result dtype
        (float64 in, float64 out; float32 in, float32 out). Every column of ``train``
        has mean 0 and standard deviation 1; ``test`` generally does not.

    Example:
        >>> train, test = normalize(np.array([[1.0], [3.0]]), np.array([[5.0]]))
        >>> train.ravel().tolist(), test.ravel().tolist()
        ([-1.0, 1.0], [3.0])
    """
    # HINT: mean and std over axis=0 of train_data only; the book's in-place
    # HINT: `train_data -= mean` would change the caller's arrays: compute new ones.
    raise NotImplementedError("normalize: write your code here, then run pytest")


def build_model(input_dim: int = 13) -> keras.Model:
    """The book's regression network, compiled (section 3.6.3).

    Args:
        input_dim: number of input features (13 for Boston housing).

    Returns:
        A model starting with ``keras.Input(shape=(input_dim,))``, then
        ``Dense(64, activation="relu")``, ``Dense(64, activation="relu")`` and
        ``Dense(1)`` (no activation: the output is any real number), compiled with
        optimizer ``"rmsprop"``, loss ``"mse"`` and metrics ``["mae"]``. For
        ``input_dim=13`` it has 5,121 parameters.
    """
    # HINT: a linear last layer: layers.Dense(1) with no activation argument.
    raise NotImplementedError("build_model: write your code here, then run pytest")


def k_fold_indices(n: int, k: int = 4) -> list[tuple[np.ndarray, np.ndarray]]:
    """The book's K folds as index arrays (section 3.6.4).

    With ``fold = n // k``, fold ``i`` validates on samples ``i * fold`` up to (not
    including) ``(i + 1) * fold`` and trains on all the others — including the
    ``n % k`` samples at the end, which are never validated on.

    Args:
        n: number of samples, ``n >= k``.
        k: number of folds, ``k >= 2``.

    Returns:
        A list of ``k`` pairs ``(train_idx, val_idx)`` of ascending integer arrays;
        ``len(val_idx) == n // k`` and ``len(train_idx) == n - n // k``.

    Example:
        >>> [(t.tolist(), v.tolist()) for t, v in k_fold_indices(5, k=2)]
        [([2, 3, 4], [0, 1]), ([0, 1, 4], [2, 3])]
    """
    # HINT: np.arange for the validation block; np.concatenate of the indices before
    # HINT: and after it for the training part.
    raise NotImplementedError("k_fold_indices: write your code here, then run pytest")


def k_fold_validate(x: np.ndarray, y: np.ndarray, k: int = 4, epochs: int = 100, batch_size: int = 16) -> list[float]:
    """K-fold cross-validation of the network (section 3.6.4).

    For every fold of :func:`k_fold_indices`, build a *fresh* model with
    :func:`build_model` (``input_dim = x.shape[1]``), fit it on the fold's training part
    (``epochs``, ``batch_size``, ``verbose=0``), and measure its mean absolute error on
    the fold's validation part.

    Args:
        x: normalised inputs of shape ``(n, d)`` (see :func:`normalize`). Not modified.
        y: targets of shape ``(n,)``.
        k: number of folds.
        epochs: training epochs per fold (the book: 100).
        batch_size: samples per gradient update (the book: 16).

    Returns:
        The ``k`` validation MAEs, as Python floats, in fold order (the book's mean:
        about 2.5, i.e. $2,500).
    """
    # HINT: model.evaluate(x_val, y_val, verbose=0) returns [mse, mae].
    raise NotImplementedError("k_fold_validate: write your code here, then run pytest")
