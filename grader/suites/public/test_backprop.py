"""Public checks for ``exercises/backprop.py`` (chain rule and backpropagation, 2.4.4).

Quick local feedback: small, hand-checkable cases, at least one per function, computed
with NumPy only. Passing them does not guarantee full marks: the graded suite compares
with Keras and TensorFlow's ``GradientTape`` on random shapes, checks dtypes, stability at
+-1000, wrong shapes (which must raise ``ValueError`` naming them), that your inputs are
left unchanged, and trains your ``train_mlp`` on the full MNIST training set (it must
reach 92 % on the test digits).
"""

from __future__ import annotations

import numpy as np
import pytest

from grader.authoring.testing import assert_array_matches, assert_scalar_matches, fail, named

# float32 round-off: a few units in the last place of values around 1.
F32 = {"rtol": 1e-5, "atol": 1e-6}


@pytest.mark.points("sigmoid", weight=1)
def test_sigmoid_values(learner):
    """sigmoid(0) = 0.5, sigmoid(+-log 3) = 0.75 / 0.25, float32 stays float32."""
    x = np.array([[0.0, np.log(3.0), -np.log(3.0)]], dtype=np.float32)
    got = learner.call("sigmoid", x)
    assert_array_matches(got, np.array([[0.5, 0.75, 0.25]], dtype=np.float32), **F32)


@pytest.mark.points("sigmoid", weight=1)
def test_sigmoid_large_inputs(learner):
    """sigmoid(-1000) = 0 and sigmoid(1000) = 1: no inf, no nan (and no overflow warning)."""
    x = np.array([-1000.0, -100.0, 100.0, 1000.0])
    got = learner.call("sigmoid", x)
    assert_array_matches(got, np.array([0.0, 0.0, 1.0, 1.0]), rtol=0, atol=1e-30)


@pytest.mark.points("sigmoid_derivative", weight=1)
def test_sigmoid_derivative_values(learner):
    """sigma'(0) = 0.25 and sigma'(log 3) = 0.75 * 0.25: the derivative at the pre-activation."""
    x = np.array([0.0, np.log(3.0), -1000.0, 1000.0])
    got = learner.call("sigmoid_derivative", x)
    assert_array_matches(got, np.array([0.25, 0.1875, 0.0, 0.0]), rtol=1e-12, atol=1e-300)


@pytest.mark.points("relu_derivative", weight=1)
def test_relu_derivative_values(learner):
    """relu'(x) is 1 for x > 0 and 0 for x <= 0 (0 at 0, as TensorFlow has it)."""
    x = np.array([[-2.0, 0.0, 0.5], [3.0, -0.1, 0.0]], dtype=np.float32)
    got = learner.call("relu_derivative", x)
    expected = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]], dtype=np.float32)
    assert_array_matches(got, expected, rtol=0, atol=0)


@pytest.mark.points("softmax", weight=1)
def test_softmax_rows(learner):
    """softmax([0, log 3]) = [0.25, 0.75]; every row sums to 1."""
    logits = np.array([[0.0, np.log(3.0)], [2.0, 2.0]], dtype=np.float32)
    got = learner.call("softmax", logits)
    assert_array_matches(got, np.array([[0.25, 0.75], [0.5, 0.5]], dtype=np.float32), **F32)


@pytest.mark.points("softmax", weight=1)
def test_softmax_large_logits(learner):
    """Logits of 1000 work: softmax([1000, 1000, 0]) = [0.5, 0.5, 0] (subtract the max first)."""
    logits = np.array([[1000.0, 1000.0, 0.0]])
    got = learner.call("softmax", logits)
    assert_array_matches(got, np.array([[0.5, 0.5, 0.0]]), rtol=1e-12, atol=1e-300)


@pytest.mark.points("softmax", weight=1)
def test_softmax_axis(learner):
    """With axis=0 the columns sum to 1: softmax([[0], [log 3]], axis=0) = [[0.25], [0.75]]."""
    logits = np.array([[0.0, 1.0], [np.log(3.0), 1.0]])
    got = learner.call("softmax", logits, axis=0)
    assert_array_matches(got, np.array([[0.25, 0.5], [0.75, 0.5]]), rtol=1e-12, atol=1e-15)


@pytest.mark.points("chain_rule", weight=1)
def test_chain_rule_sin_of_square(learner):
    """d/dx sin(x**2) = cos(x**2) * 2x; at x = 1.5: cos(2.25) * 3."""
    got = learner.call("chain_rule", named("cos"), named("poly", coeffs=[0, 2]), named("poly", coeffs=[0, 0, 1]), 1.5)
    assert_scalar_matches(got, np.cos(2.25) * 3.0, rtol=1e-12, atol=1e-12)


def _dense_numpy(x, kernel, b, grad_out, activation):
    z = x @ kernel + b
    grad_z = grad_out * (z > 0) if activation == "relu" else grad_out
    return grad_z @ kernel.T, x.T @ grad_z, grad_z.sum(axis=0)


@pytest.mark.points("dense_backward", weight=1)
@pytest.mark.parametrize("activation", [None, "relu"])
def test_dense_backward_small(learner, activation):
    """grad_x = grad_z @ W.T, grad_W = x.T @ grad_z, grad_b = sum of grad_z over the batch."""
    x = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, 1.0]], dtype=np.float32)
    kernel = np.array([[1.0, -1.0, 0.5], [0.5, 2.0, -1.0]], dtype=np.float32)
    b = np.array([0.1, -0.2, 0.3], dtype=np.float32)
    grad_out = np.array([[1.0, 0.0, -1.0], [0.5, 0.5, 0.5], [2.0, -1.0, 1.0]], dtype=np.float32)
    got = learner.call("dense_backward", x, kernel, b, grad_out, activation)
    if not isinstance(got, tuple | list) or len(got) != 3:
        fail(
            en="dense_backward must return (grad_x, grad_W, grad_b)",
            zh="dense_backward 必须返回 (grad_x, grad_W, grad_b)",
        )
    for name, g, e in zip(
        ("grad_x", "grad_W", "grad_b"), got, _dense_numpy(x, kernel, b, grad_out, activation), strict=True
    ):
        assert_array_matches(g, e, **F32, what=name)


def _mlp_loss(params, x, y):
    h = np.maximum(x @ params["W1"] + params["b1"], 0)
    logits = h @ params["W2"] + params["b2"]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -(y * log_probs).sum() / len(x)


@pytest.mark.points("mlp_loss_and_grads", weight=1)
def test_mlp_loss_and_grads_finite_differences(learner):
    """The loss matches a NumPy forward pass; each gradient matches central differences."""
    rng = np.random.default_rng(0)
    params = {
        "W1": rng.standard_normal((4, 5)),
        "b1": rng.standard_normal(5),
        "W2": rng.standard_normal((5, 3)),
        "b2": rng.standard_normal(3),
    }
    x = rng.standard_normal((6, 4))
    y = np.eye(3)[rng.integers(0, 3, 6)]
    loss, grads = learner.call("mlp_loss_and_grads", params, x, y)
    assert_scalar_matches(loss, _mlp_loss(params, x, y), rtol=1e-9, atol=1e-9, what="loss")
    if not isinstance(grads, dict) or sorted(grads) != ["W1", "W2", "b1", "b2"]:
        fail(en="grads must be a dict with the keys W1, b1, W2, b2", zh="grads 必须是键为 W1、b1、W2、b2 的字典")
    eps = 1e-6
    for key, value in params.items():
        numeric = np.zeros_like(value)
        for idx in np.ndindex(value.shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[key][idx] += eps
            minus[key][idx] -= eps
            numeric[idx] = (_mlp_loss(plus, x, y) - _mlp_loss(minus, x, y)) / (2 * eps)
        # central differences in float64: about 1e-8 of error
        assert_array_matches(grads[key], numeric, rtol=1e-5, atol=1e-6, what=f"grads[{key!r}]")


@pytest.mark.points("train_mlp", weight=1)
def test_train_mlp_learns_clusters(learner):
    """On 10 well-separated clusters of 784-pixel 'images' the trained network is >= 90 % right."""
    rng = np.random.default_rng(0)
    centres = rng.random((10, 784), dtype=np.float32)
    labels = rng.integers(0, 10, 600)
    x = np.clip(centres[labels] + 0.1 * rng.standard_normal((600, 784)), 0, 1).astype(np.float32)
    y = np.eye(10, dtype=np.float32)[labels]
    params = learner.call("train_mlp", x, y, hidden=16, epochs=5, batch_size=32)
    if not isinstance(params, dict) or sorted(params) != ["W1", "W2", "b1", "b2"]:
        fail(
            en="train_mlp must return a dict with the keys W1, b1, W2, b2",
            zh="train_mlp 必须返回键为 W1、b1、W2、b2 的字典",
        )
    shapes = {k: np.shape(v) for k, v in params.items()}
    expected = {"W1": (784, 16), "b1": (16,), "W2": (16, 10), "b2": (10,)}
    if shapes != expected:
        fail(en=f"parameter shapes {shapes}, expected {expected}", zh=f"参数形状为 {shapes}，应为 {expected}")
    h = np.maximum(x @ params["W1"] + params["b1"], 0)
    accuracy = float(np.mean(np.argmax(h @ params["W2"] + params["b2"], axis=1) == labels))
    if accuracy < 0.9:
        fail(
            en=f"training accuracy {accuracy:.1%} on easy clusters, expected at least 90%",
            zh=f"在容易的聚类数据上训练准确率为 {accuracy:.1%}，应至少为 90%",
        )
