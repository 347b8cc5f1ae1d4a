"""Public checks for ``exercises/losses.py`` (loss functions, 3.1.3).

Quick local feedback: one or two small, hand-checkable cases per function. Passing them
does not guarantee full marks; the graded suite also checks random shapes, dtypes, the
clipping with Keras's epsilon, the row renormalisation, numerical stability, wrong shapes
and that your inputs are left unchanged.
"""

from __future__ import annotations

import numpy as np
import pytest

from grader.authoring.testing import assert_array_matches, expect_raises

# float32 round-off: a few units in the last place of values around 1-20.
F32 = {"rtol": 1e-5, "atol": 1e-6}


@pytest.mark.points("mean_squared_error", weight=1)
def test_mean_squared_error_small(learner):
    """mean_squared_error gives one mean per row: ((0-.6)^2 + (1-.4)^2) / 2 = 0.36, ..."""
    y_true = np.array([[0.0, 1.0], [0.0, 0.0]], dtype=np.float32)
    y_pred = np.array([[0.6, 0.4], [0.4, 0.6]], dtype=np.float32)
    got = learner.call("mean_squared_error", y_true, y_pred)
    assert_array_matches(got, np.array([0.36, 0.26], dtype=np.float32), **F32)


@pytest.mark.points("binary_crossentropy", weight=1)
def test_binary_crossentropy_small(learner):
    """binary_crossentropy on a 2x2 batch equals -mean(t log p + (1 - t) log(1 - p)) per row."""
    y_true = np.array([[0.0, 1.0], [0.0, 0.0]], dtype=np.float32)
    y_pred = np.array([[0.6, 0.4], [0.4, 0.6]], dtype=np.float32)
    expected = np.array(
        [-(np.log(0.4) + np.log(0.4)) / 2, -(np.log(0.6) + np.log(0.4)) / 2], dtype=np.float32
    )
    got = learner.call("binary_crossentropy", y_true, y_pred)
    assert_array_matches(got, expected, **F32)


@pytest.mark.points("binary_crossentropy", weight=1)
def test_binary_crossentropy_clips(learner):
    """A certain wrong prediction (p = 0 for t = 1) is clipped to 1e-7: loss = -log(1e-7) / 2."""
    y_true = np.array([[1.0, 0.0]])
    y_pred = np.array([[0.0, 0.0]])
    got = learner.call("binary_crossentropy", y_true, y_pred)
    # the second term is -log(1 - 1e-7), about 1e-7: it adds 5e-8 to the mean.
    assert_array_matches(got, np.array([-np.log(1e-7) / 2]), rtol=1e-6, atol=1e-6)


@pytest.mark.points("categorical_crossentropy", weight=1)
def test_categorical_crossentropy_small(learner):
    """categorical_crossentropy with one-hot targets is -log(p of the true class) per row."""
    y_true = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], dtype=np.float32)
    y_pred = np.array([[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]], dtype=np.float32)
    got = learner.call("categorical_crossentropy", y_true, y_pred)
    expected = np.array([-np.log(0.95), -np.log(0.1)], dtype=np.float32)
    assert_array_matches(got, expected, **F32)


@pytest.mark.points("categorical_crossentropy", weight=1)
def test_categorical_crossentropy_renormalises(learner):
    """Each row of y_pred is divided by its sum first: [2, 6] behaves like [0.25, 0.75]."""
    y_true = np.array([[0.0, 1.0]])
    y_pred = np.array([[2.0, 6.0]])
    got = learner.call("categorical_crossentropy", y_true, y_pred)
    assert_array_matches(got, np.array([-np.log(0.75)]), rtol=1e-9, atol=1e-12)


@pytest.mark.points("sparse_categorical_crossentropy", weight=1)
def test_sparse_categorical_crossentropy_small(learner):
    """Integer labels [1, 2] give the same losses as the one-hot targets of the previous check."""
    y_true = np.array([1, 2])
    y_pred = np.array([[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]], dtype=np.float32)
    got = learner.call("sparse_categorical_crossentropy", y_true, y_pred)
    expected = np.array([-np.log(0.95), -np.log(0.1)], dtype=np.float32)
    assert_array_matches(got, expected, **F32)


@pytest.mark.points("mean_squared_error", weight=1)
def test_losses_reject_mismatched_shapes(learner):
    """mean_squared_error raises ValueError naming both shapes when they differ."""
    y_true = np.zeros((2, 3))
    y_pred = np.zeros((2, 4))
    expect_raises(
        learner, "ValueError", "mean_squared_error", y_true, y_pred,
        mentions=(str(y_true.shape), str(y_pred.shape)),
    )


@pytest.mark.points("mse_sigmoid_grad", weight=1)
def test_mse_sigmoid_grad_small(learner):
    """(sigmoid(z) - y) * sigmoid(z) * (1 - sigmoid(z)): -0.125 at z = 0, y = 1; ~0 when saturated."""
    z = np.array([0.0, 0.0, 2.0, -1000.0])
    y = np.array([1.0, 0.0, 1.0, 1.0])
    s = 1 / (1 + np.exp(-z[:3]))
    expected = np.append((s - y[:3]) * s * (1 - s), 0.0)
    got = learner.call("mse_sigmoid_grad", z, y)
    assert_array_matches(got, expected, rtol=1e-9, atol=1e-12)


@pytest.mark.points("bce_sigmoid_grad", weight=1)
def test_bce_sigmoid_grad_small(learner):
    """sigmoid(z) - y: -0.5 at z = 0, y = 1, and -1 for a saturated wrong z = -1000."""
    z = np.array([0.0, 0.0, 2.0, -1000.0])
    y = np.array([1.0, 0.0, 1.0, 1.0])
    expected = np.array([-0.5, 0.5, 1 / (1 + np.exp(-2.0)) - 1, -1.0])
    got = learner.call("bce_sigmoid_grad", z, y)
    assert_array_matches(got, expected, rtol=1e-9, atol=1e-12)
