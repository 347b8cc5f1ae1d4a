"""Public checks for ``exercises/gradients.py`` (gradient-based optimisation, 2.4.1-2.4.3).

Quick local feedback: small, hand-checkable cases, at least one per function. Passing them
does not guarantee full marks: the graded suite also compares with TensorFlow's
``GradientTape`` and with Keras's own optimizers over several steps, tries random shapes,
float32 and float64, wrong shapes (which must raise ``ValueError`` naming them), and checks
that your inputs are left unchanged.

The functions you pass to ``numerical_derivative``, ``numerical_gradient``,
``minibatch_sgd`` and ``chain_rule`` are built by name (``named(...)``): in your own
tests, any Python function will do.
"""

from __future__ import annotations

import numpy as np
import pytest

from grader.authoring.testing import assert_array_matches, assert_scalar_matches, expect_raises, fail, mentioned, named

# float32 round-off: a few units in the last place of values around 1.
F32 = {"rtol": 1e-6, "atol": 1e-6}


@pytest.mark.points("numerical_derivative", weight=1)
def test_numerical_derivative_square(learner):
    """The slope of x**2 at x = 3 is 6 (central differences are exact for a parabola)."""
    got = learner.call("numerical_derivative", named("poly", coeffs=[0, 0, 1]), 3.0)
    # round-off of (f(3 + 1e-5) - f(3 - 1e-5)) / 2e-5 in float64 is about 1e-10
    assert_scalar_matches(got, 6.0, rtol=1e-7, atol=1e-7)


@pytest.mark.points("numerical_derivative", weight=1)
def test_numerical_derivative_sin(learner):
    """The slope of sin at x = 1 is cos(1) = 0.5403..."""
    got = learner.call("numerical_derivative", named("sin"), 1.0)
    # truncation error of central differences: eps**2 / 6 * |sin'''| < 2e-11
    assert_scalar_matches(got, np.cos(1.0), rtol=1e-7, atol=1e-8)


@pytest.mark.points("numerical_gradient", weight=1)
def test_numerical_gradient_sum_squares(learner):
    """The gradient of sum(W**2) is 2 * W, element by element, in W's shape and dtype."""
    w = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.5]])
    got = learner.call("numerical_gradient", named("sum_squares"), w)
    assert_array_matches(got, 2 * w, rtol=1e-6, atol=1e-6)


@pytest.mark.points("numerical_gradient", weight=1)
def test_numerical_gradient_positions(learner):
    """The gradient of sum(k * W**2), k = 1..6 in row-major order, is 2 * k * W (not transposed)."""
    w = np.ones((2, 3))
    got = learner.call("numerical_gradient", named("weighted_squares"), w)
    expected = np.array([[2.0, 4.0, 6.0], [8.0, 10.0, 12.0]])
    assert_array_matches(got, expected, rtol=1e-6, atol=1e-6)


@pytest.mark.points("gradient_descent_step", weight=1)
def test_gradient_descent_step_small(learner):
    """W - 0.5 * grad: [1, 2] - 0.5 * [10, -10] = [-4, 7], still float32."""
    w = np.array([1.0, 2.0], dtype=np.float32)
    grad = np.array([10.0, -10.0], dtype=np.float32)
    got = learner.call("gradient_descent_step", w, grad, 0.5)
    assert_array_matches(got, np.array([-4.0, 7.0], dtype=np.float32), **F32)


@pytest.mark.points("gradient_descent_step", weight=1)
def test_gradient_descent_step_shape_mismatch(learner):
    """A gradient of another shape than W raises ValueError naming the shapes, e.g. "(3, 2)"."""
    w = np.zeros((2, 3), dtype=np.float32)
    grad = np.zeros((3, 2), dtype=np.float32)
    raised = expect_raises(learner, "ValueError", "gradient_descent_step", w, grad, 0.1)
    if not mentioned(str(w.shape), raised.detail) and not mentioned(str(grad.shape), raised.detail):
        fail(
            en=f"the ValueError's message ({raised.detail!r}) should name the shapes {w.shape} and {grad.shape}",
            zh=f"ValueError 的消息（{raised.detail!r}）应给出形状 {w.shape} 和 {grad.shape}",
        )


@pytest.mark.points("momentum_step", weight=1)
def test_momentum_step_two_steps(learner):
    """Two steps with lr 0.5, momentum 0.5, grad 2: v = -1 then -1.5; w = 1 -> 0 -> -1.5."""
    w = np.array([1.0], dtype=np.float32)
    v = np.zeros(1, dtype=np.float32)
    g = np.array([2.0], dtype=np.float32)
    w, v = learner.call("momentum_step", w, v, g, 0.5, 0.5)
    assert_array_matches(v, np.array([-1.0], dtype=np.float32), **F32, what="velocity")
    assert_array_matches(w, np.array([0.0], dtype=np.float32), **F32, what="w")
    w, v = learner.call("momentum_step", w, v, g, 0.5, 0.5)
    assert_array_matches(v, np.array([-1.5], dtype=np.float32), **F32, what="velocity")
    assert_array_matches(w, np.array([-1.5], dtype=np.float32), **F32, what="w")


@pytest.mark.points("momentum_step", weight=1)
def test_momentum_step_nesterov(learner):
    """Nesterov: v = 0.5 * -1 - 0.5 * 2 = -1.5, w = 0 + 0.5 * v - 0.5 * 2 = -1.75."""
    w = np.array([0.0], dtype=np.float32)
    v = np.array([-1.0], dtype=np.float32)
    g = np.array([2.0], dtype=np.float32)
    w, v = learner.call("momentum_step", w, v, g, 0.5, 0.5, nesterov=True)
    assert_array_matches(v, np.array([-1.5], dtype=np.float32), **F32, what="velocity")
    assert_array_matches(w, np.array([-1.75], dtype=np.float32), **F32, what="w")


@pytest.mark.points("rmsprop_step", weight=1)
def test_rmsprop_step_small(learner):
    """The cache = 0.75 * 0 + 0.25 * 2**2 = 1; w = 1 - 0.25 * 2 / sqrt(1 + 0) = 0.5."""
    w = np.array([1.0], dtype=np.float32)
    cache = np.zeros(1, dtype=np.float32)
    g = np.array([2.0], dtype=np.float32)
    w, cache = learner.call("rmsprop_step", w, cache, g, learning_rate=0.25, rho=0.75, epsilon=0.0)
    assert_array_matches(cache, np.array([1.0], dtype=np.float32), **F32, what="cache")
    assert_array_matches(w, np.array([0.5], dtype=np.float32), **F32, what="w")


@pytest.mark.points("rmsprop_step", weight=1)
def test_rmsprop_step_epsilon_inside_root(learner):
    """With cache 0 and grad 0 nothing moves; with grad 1e-4 epsilon sits inside the root."""
    w = np.array([1.0, 1.0])
    cache = np.zeros(2)
    g = np.array([0.0, 1e-4])
    w_new, cache_new = learner.call("rmsprop_step", w, cache, g)
    c = 0.1 * 1e-8
    expected = np.array([1.0, 1.0 - 0.001 * 1e-4 / np.sqrt(c + 1e-7)])
    assert_array_matches(cache_new, np.array([0.0, c]), rtol=1e-9, atol=0, what="cache")
    assert_array_matches(w_new, expected, rtol=1e-9, atol=1e-12, what="w")


@pytest.mark.points("adagrad_step", weight=1)
def test_adagrad_step_small(learner):
    """The accumulator = 5 + 2**2 = 9; w = 1 - 0.75 * 2 / sqrt(9 + 0) = 0.5."""
    w = np.array([1.0], dtype=np.float32)
    acc = np.full(1, 5.0, dtype=np.float32)
    g = np.array([2.0], dtype=np.float32)
    w, acc = learner.call("adagrad_step", w, acc, g, learning_rate=0.75, epsilon=0.0)
    assert_array_matches(acc, np.array([9.0], dtype=np.float32), **F32, what="accumulator")
    assert_array_matches(w, np.array([0.5], dtype=np.float32), **F32, what="w")


@pytest.mark.points("minibatch_sgd", weight=1)
def test_minibatch_sgd_converges(learner):
    """Least squares on y = x @ [1, -2] (40 samples): 30 epochs of batches of 8 find [1, -2]."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((40, 2))
    y = x @ np.array([1.0, -2.0])
    w, losses = learner.call(
        "minibatch_sgd",
        named("least_squares"),
        np.zeros(2),
        x,
        y,
        batch_size=8,
        learning_rate=0.1,
        epochs=30,
    )
    assert len(losses) == 30 * 5, f"expected 150 batch losses (30 epochs x 5 batches), got {len(losses)}"
    assert_array_matches(w, np.array([1.0, -2.0]), rtol=0, atol=1e-3, what="final weights")


@pytest.mark.points("minibatch_sgd", weight=1)
def test_minibatch_sgd_last_batch_short(learner):
    """10 samples in batches of 4 give 3 batches (4, 4, 2) per epoch, all samples once."""
    # the probe's loss for a batch is sum(2 ** id) of the sample ids in it
    ids = np.arange(10, dtype=np.float64)
    w, losses = learner.call(
        "minibatch_sgd",
        named("batch_probe"),
        np.zeros(1),
        ids.reshape(10, 1),
        ids,
        batch_size=4,
        learning_rate=1.0,
        epochs=1,
    )
    assert len(losses) == 3, f"expected 3 batches, got {len(losses)}"
    sizes = [bin(int(loss)).count("1") for loss in losses]
    assert sizes == [4, 4, 2], f"expected batches of 4, 4 and 2 samples, got {sizes}"
    assert int(sum(losses)) == 2**10 - 1, "every sample must appear exactly once per epoch"
    # the probe's gradient is 1: three steps of learning rate 1
    assert_array_matches(w, np.array([-3.0]), rtol=0, atol=1e-12, what="final weights")
