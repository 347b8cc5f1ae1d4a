"""Public checks for ``exercises/tensor_ops.py`` (section 2.3, tensor operations).

Quick, hand-checkable checks that give you feedback while you work: run
``pytest`` (or ``dlgrade check tensor_ops``). The ``naive_*`` checks also make sure
the work is done element by element (``call_naive``): ``np.dot``, ``x[i] + y``,
``.sum()`` and friends are what these exercises ask you to write yourself.
The graded hidden suite checks the same functions more thoroughly.
NumPy only: no TensorFlow import here.
"""

from __future__ import annotations

import numpy as np
import pytest

from grader.authoring.testing import (
    assert_array_matches,
    assert_scalar_matches,
    call_naive,
    call_unmodified,
    expect_raises,
)


@pytest.mark.points("naive_relu", weight=1)
def test_naive_relu(learner):
    """naive_relu clamps the negative entries of a float32 (2, 3) matrix to 0, keeping float32."""
    x = np.array([[-1.0, 2.0, -3.5], [4.0, 0.0, -0.5]], dtype=np.float32)
    got = call_naive(learner, "naive_relu", x)
    assert_array_matches(got, np.array([[0, 2, 0], [4, 0, 0]], dtype=np.float32), rtol=0, atol=0)


@pytest.mark.points("naive_add", weight=1)
def test_naive_add(learner):
    """naive_add adds two (2, 2) int matrices element by element."""
    x = np.array([[1, 2], [3, 4]])
    y = np.array([[10, 20], [30, 40]])
    got = call_naive(learner, "naive_add", x, y)
    assert_array_matches(got, np.array([[11, 22], [33, 44]]), rtol=0, atol=0)


@pytest.mark.points("naive_add", weight=1)
def test_naive_add_shape_mismatch(learner):
    """naive_add of a (2, 3) and a (3, 2) matrix raises ValueError naming both shapes."""
    x, y = np.zeros((2, 3)), np.zeros((3, 2))
    expect_raises(learner, "ValueError", "naive_add", x, y, mentions=(str(x.shape), str(y.shape)))


@pytest.mark.points("naive_add_matrix_and_vector", weight=1)
def test_naive_add_matrix_and_vector(learner):
    """naive_add_matrix_and_vector adds [10, 100] to each row of a (3, 2) float64 matrix."""
    x = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    y = np.array([10.0, 100.0])
    got = call_naive(learner, "naive_add_matrix_and_vector", x, y)
    assert_array_matches(got, x + y, rtol=0, atol=0)


@pytest.mark.points("naive_broadcast_to", weight=1)
def test_naive_broadcast_to(learner):
    """naive_broadcast_to repeats a (3,) vector into (2, 3) and a (2, 1) column into (2, 2)."""
    got = call_naive(learner, "naive_broadcast_to", np.array([1, 2, 3]), (2, 3))
    assert_array_matches(got, np.array([[1, 2, 3], [1, 2, 3]]), rtol=0, atol=0)
    got = call_naive(learner, "naive_broadcast_to", np.array([[1], [2]]), (2, 2))
    assert_array_matches(got, np.array([[1, 1], [2, 2]]), rtol=0, atol=0)


@pytest.mark.points("naive_maximum", weight=1)
def test_naive_maximum(learner):
    """naive_maximum of a (2, 3, 2) tensor and a (3, 2) matrix equals np.maximum (the book's case, small)."""
    x = np.arange(12, dtype=np.float32).reshape(2, 3, 2) - 5
    y = np.array([[0, 1], [2, 3], [4, 5]], dtype=np.float32)
    got = call_naive(learner, "naive_maximum", x, y)
    assert_array_matches(got, np.maximum(x, y), rtol=0, atol=0)


@pytest.mark.points("naive_vector_dot", weight=1)
def test_naive_vector_dot(learner):
    """naive_vector_dot([1, 2, 3], [4, 5, 6]) is 32."""
    got = call_naive(learner, "naive_vector_dot", np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0]))
    assert_scalar_matches(got, 32.0, rtol=1e-12, atol=0)


@pytest.mark.points("naive_matrix_vector_dot", weight=1)
def test_naive_matrix_vector_dot(learner):
    """naive_matrix_vector_dot of a (3, 2) float32 matrix and a (2,) vector gives a (3,) float32 vector."""
    x = np.array([[1, 2], [3, 4], [5, 6]], dtype=np.float32)
    y = np.array([1, -1], dtype=np.float32)
    got = call_naive(learner, "naive_matrix_vector_dot", x, y)
    assert_array_matches(got, np.array([-1, -1, -1], dtype=np.float32), rtol=0, atol=0)


@pytest.mark.points("naive_matrix_dot", weight=1)
def test_naive_matrix_dot(learner):
    """naive_matrix_dot of a (2, 3) and a (3, 2) int matrix equals the hand-computed product."""
    x = np.array([[1, 2, 3], [4, 5, 6]])
    y = np.array([[1, 0], [0, 1], [1, 1]])
    got = call_naive(learner, "naive_matrix_dot", x, y)
    assert_array_matches(got, np.array([[4, 5], [10, 11]]), rtol=0, atol=0)


@pytest.mark.points("naive_tensor_dot", weight=1)
def test_naive_tensor_dot(learner):
    """naive_tensor_dot of a (2, 2, 2) tensor with a (2,) vector and with a (2, 3) matrix equals np.dot."""
    x = np.arange(8).reshape(2, 2, 2)
    v = np.array([1, 10])
    got = call_naive(learner, "naive_tensor_dot", x, v)
    assert_array_matches(got, np.array([[10, 32], [54, 76]]), rtol=0, atol=0)
    m = np.array([[1, 0, 2], [0, 1, 3]])
    got = call_naive(learner, "naive_tensor_dot", x, m)
    assert_array_matches(got, np.dot(x, m), rtol=0, atol=0, what="result with a (2, 3) matrix")


@pytest.mark.points("naive_reshape", weight=1)
def test_naive_reshape(learner):
    """naive_reshape turns a (2, 3) matrix into (3, 2) and into (6, 1) with -1, row-major."""
    x = np.array([[1, 2, 3], [4, 5, 6]])
    got = call_naive(learner, "naive_reshape", x, (3, 2))
    assert_array_matches(got, np.array([[1, 2], [3, 4], [5, 6]]), rtol=0, atol=0)
    got = call_naive(learner, "naive_reshape", x, (-1, 1))
    assert_array_matches(got, np.array([[1], [2], [3], [4], [5], [6]]), rtol=0, atol=0)


@pytest.mark.points("naive_transpose", weight=1)
def test_naive_transpose(learner):
    """naive_transpose turns a (2, 3) matrix into its (3, 2) transpose."""
    x = np.array([[1, 2, 3], [4, 5, 6]])
    got = call_naive(learner, "naive_transpose", x)
    assert_array_matches(got, np.array([[1, 4], [2, 5], [3, 6]]), rtol=0, atol=0)


@pytest.mark.points("dense_forward", weight=1)
def test_dense_forward(learner):
    """dense_forward computes relu(x W + b) and, with activation=None, x W + b, in float32."""
    x = np.array([[1.0, 2.0], [-1.0, 0.5]], dtype=np.float32)
    kernel = np.array([[1.0, -1.0, 0.0], [0.5, -0.5, 2.0]], dtype=np.float32)
    b = np.array([0.0, 1.0, -1.0], dtype=np.float32)
    linear = x @ kernel + b  # [[2, -1, 3], [-0.75, 0.75, 0]]
    got = call_unmodified(learner, "dense_forward", x, kernel, b)
    assert_array_matches(got, np.maximum(linear, 0), rtol=1e-6, atol=1e-6)
    got = call_unmodified(learner, "dense_forward", x, kernel, b, activation=None)
    assert_array_matches(got, linear, rtol=1e-6, atol=1e-6, what="result with activation=None")


@pytest.mark.points("dense_forward", weight=1)
def test_dense_forward_softmax(learner):
    """dense_forward with softmax gives rows that sum to 1 and match the NumPy formula."""
    x = np.array([[1.0, 2.0]], dtype=np.float32)
    kernel = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 1.0]], dtype=np.float32)
    b = np.zeros(3, dtype=np.float32)
    z = x @ kernel + b
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    got = learner.call("dense_forward", x, kernel, b, activation="softmax")
    assert_array_matches(got, e / e.sum(axis=-1, keepdims=True), rtol=1e-5, atol=1e-6)
