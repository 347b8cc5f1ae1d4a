"""Hidden grading suite for ``backprop`` (section 2.4.4, the chain rule and backpropagation).

References (exercise catalogue): ``keras.activations.sigmoid`` / ``softmax``;
``tf.GradientTape`` for ``sigmoid_derivative``, ``relu_derivative``, ``dense_backward``
(on a ``keras.layers.Dense`` with the same weights) and ``mlp_loss_and_grads``; analytic
derivatives for ``chain_rule``; for ``train_mlp``, the accuracy on the 10,000 MNIST test
digits of the parameters it returns after training on the 60,000 training digits
(computed here: the test labels never reach learner code). Every function also gets random
shapes and values drawn with hypothesis, dtypes (float32 in, float32 out), edge cases
(empty batches, +-1000 for stability), wrong shapes (``ValueError`` naming them) and inputs
left unmodified.

Tolerances:

* Element-wise float32 results against TensorFlow's float32 kernels (another formula for
  the same value): ``rtol=1e-5`` and ``atol=1e-7`` (values lie in [0, 1]).
* Derivatives are compared with ``GradientTape`` in float64 on the same inputs (the exact
  value); float32 ``s * (1 - s)`` loses up to one float32 spacing below 1 (6e-8) in
  ``1 - s``, so ``atol=1e-7``.
* Matrix products in float32 (Dense layer, two-layer network) add the round-off of sums of
  a few terms of order 1: ``rtol=1e-4``, ``atol=1e-5``.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.authoring.testing import (
    assert_array_matches,
    assert_scalar_matches,
    build_named,
    cached_reference,
    call_unmodified,
    expect_raises,
    fail,
    hidden_settings,
    mentioned,
    named,
)

F32, F64 = np.float32, np.float64
ELEMENTWISE = {"rtol": 1e-5, "atol": 1e-7}  # float32 vs TensorFlow's float32 kernels
DERIVATIVE = {"rtol": 1e-5, "atol": 1e-7}  # vs the float64 GradientTape value
MATMUL = {"rtol": 1e-4, "atol": 1e-5}  # float32 matrix products
PARAM_KEYS = ["W1", "W2", "b1", "b2"]
MNIST_MIN_ACCURACY = 0.92


# --------------------------------------------------------------------------- helpers
@pytest.fixture(scope="module")
def tf():
    """TensorFlow, imported only when a test needs it."""
    import tensorflow

    return tensorflow


@pytest.fixture(scope="module")
def keras():
    """Keras 3 (TensorFlow backend), imported only when a test needs it."""
    import keras as keras_module

    return keras_module


def _arrays(dtype, shape, bound: float) -> st.SearchStrategy:
    """Finite values of ``dtype`` in [-bound, bound]."""
    width = 8 * np.dtype(dtype).itemsize
    elements = st.floats(-bound, bound, width=width, allow_nan=False, allow_infinity=False, allow_subnormal=False)
    return hnp.arrays(np.dtype(dtype), shape, elements=elements)


SHAPES = hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=5)  # empty axes included
DTYPES = st.sampled_from([F32, F64])
LARGE = [-1000.0, -100.0, -60.0, -20.0, 0.0, 20.0, 60.0, 100.0, 1000.0]


def _stable_sigmoid64(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=F64)
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))


@cached_reference  # same derandomised inputs for every submission: compute once per session
def _tape_derivative(tf, fn, x: np.ndarray) -> np.ndarray:
    """Differentiate the element-wise ``fn`` at ``x`` with tf.GradientTape, in float64."""
    var = tf.Variable(np.asarray(x, dtype=F64))
    with tf.GradientTape() as tape:
        out = fn(var)
    return np.array(tape.gradient(out, var).numpy())


def _triple(got, function: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not isinstance(got, tuple | list) or len(got) != 3:
        fail(
            en=f"{function} must return (grad_x, grad_W, grad_b), got {type(got).__name__}",
            zh=f"{function} 必须返回 (grad_x, grad_W, grad_b)，实际返回 {type(got).__name__}",
        )
    return got[0], got[1], got[2]


def _expect_value_error(learner, function, *args, naming, case, **kwargs):
    """Expect the call to raise ValueError whose message names at least one of the ``naming`` shapes.

    For two inputs that do not fit together either shape identifies the problem, so a message
    naming one of them (``str(shape)``, e.g. "(2, 3)") is enough.
    """
    raised = expect_raises(learner, "ValueError", function, *args, case=case, **kwargs)
    shapes = [str(tuple(s)) for s in naming]
    if not any(mentioned(s, raised.detail) for s in shapes):
        fail(
            en=f"{function} raised ValueError({raised.detail!r}) for {case}, but the message names none of "
            f"the shapes {' or '.join(shapes)}",
            zh=f"{function} 对 {case} 抛出了 ValueError({raised.detail!r})，但消息中没有给出形状 {' 或 '.join(shapes)}",
        )


def _params_dict(got, what: str) -> dict[str, np.ndarray]:
    if not isinstance(got, dict) or sorted(got) != PARAM_KEYS:
        keys = sorted(got) if isinstance(got, dict) else type(got).__name__
        fail(
            en=f"{what} must be a dict with the keys W1, b1, W2, b2, got {keys!s:.200}",
            zh=f"{what} 必须是键为 W1、b1、W2、b2 的字典，实际为 {keys!s:.200}",
        )
    return got


# -------------------------------------------------------------------------------- sigmoid
@pytest.mark.points("sigmoid", weight=3)
@hidden_settings
@given(data=st.data(), dtype=DTYPES)
def test_sigmoid_matches_keras(learner, keras, data, dtype):
    """Sigmoid equals keras.activations.sigmoid on random float32/float64 tensors (1D-3D, empty axes) in [-30, 30]."""
    x = data.draw(_arrays(dtype, data.draw(SHAPES, label="shape"), 30.0), label="x")
    got = learner.call("sigmoid", x)
    assert_array_matches(got, np.asarray(keras.activations.sigmoid(x)), **ELEMENTWISE)


@pytest.mark.points("sigmoid", weight=2)
@pytest.mark.parametrize("dtype", [F32, F64], ids=["float32", "float64"])
def test_sigmoid_large_magnitudes(learner, dtype):
    """Sigmoid is stable for +-20, 60, 100, 1000: no nan or inf, 0 and 1 in the limits."""
    x = np.array(LARGE, dtype=dtype)
    got = learner.call("sigmoid", x)
    # atol 1e-7 (the float32 resolution near 1): stability means no nan/inf and the right
    # limits; relative accuracy in the far tails is not asked for (0.5 * (1 + tanh(x / 2)) passes)
    assert_array_matches(got, _stable_sigmoid64(x).astype(dtype), rtol=1e-6, atol=1e-7)


@pytest.mark.points("sigmoid", weight=1)
@pytest.mark.parametrize("dtype", [F32, F64], ids=["float32", "float64"])
def test_sigmoid_dtype(learner, dtype):
    """Sigmoid keeps the input's dtype (float32 in, float32 out)."""
    x = np.linspace(-5, 5, 12).reshape(3, 4).astype(dtype)
    got = learner.call("sigmoid", x)
    assert_array_matches(got, _stable_sigmoid64(x).astype(dtype), rtol=1e-6, atol=1e-7)


def _no_overflow_warning(learner, function: str) -> None:
    x = np.array([[-1000.0, -50.0], [50.0, 1000.0]], dtype=F64)
    record = learner.run(function, (x,))
    seen = [w for w in record.warnings if w.startswith("RuntimeWarning")]
    if seen:
        fail(
            en=f"{function} is not numerically stable for large |x|: NumPy warned {seen[0]!r}",
            zh=f"{function} 对很大的 |x| 数值不稳定：NumPy 发出警告 {seen[0]!r}",
        )


@pytest.mark.points("sigmoid", weight=1)
def test_sigmoid_no_overflow_warning(learner):
    """Sigmoid at x = ±1000 raises no NumPy overflow warning (the catalogue's "no overflow warnings")."""
    _no_overflow_warning(learner, "sigmoid")


@pytest.mark.points("sigmoid_derivative", weight=1)
def test_sigmoid_derivative_no_overflow_warning(learner):
    """sigmoid_derivative at x = ±1000 raises no NumPy overflow warning."""
    _no_overflow_warning(learner, "sigmoid_derivative")


@pytest.mark.points("sigmoid", weight=1)
def test_sigmoid_unmodified(learner):
    """Sigmoid leaves its input (read-only here) unchanged, also for large values."""
    x = np.array([[-1000.0, -1.0], [0.5, 1000.0]], dtype=F32)
    call_unmodified(learner, "sigmoid", x)


# --------------------------------------------------------------------- sigmoid_derivative
@pytest.mark.points("sigmoid_derivative", weight=3)
@hidden_settings
@given(data=st.data(), dtype=DTYPES)
def test_sigmoid_derivative_matches_gradient_tape(learner, tf, data, dtype):
    """sigmoid_derivative(x) equals tf.GradientTape's d sigmoid/dx at the pre-activation x (1D-3D, [-30, 30])."""
    x = data.draw(_arrays(dtype, data.draw(SHAPES, label="shape"), 30.0), label="x")
    got = learner.call("sigmoid_derivative", x)
    assert_array_matches(got, _tape_derivative(tf, tf.sigmoid, x).astype(dtype), **DERIVATIVE)


@pytest.mark.points("sigmoid_derivative", weight=2)
@pytest.mark.parametrize("dtype", [F32, F64], ids=["float32", "float64"])
def test_sigmoid_derivative_large_magnitudes(learner, dtype):
    """sigmoid_derivative is stable for +-20, 60, 100, 1000: no nan or inf, 0 in the limits."""
    x = np.array(LARGE, dtype=dtype)
    got = learner.call("sigmoid_derivative", x)
    s = _stable_sigmoid64(x)
    # atol 1e-7: in float32, 1 - sigmoid(20) is already rounded to 0
    assert_array_matches(got, (s * (1 - s)).astype(dtype), rtol=1e-5, atol=1e-7)


@pytest.mark.points("sigmoid_derivative", weight=1)
@pytest.mark.parametrize("dtype", [F32, F64], ids=["float32", "float64"])
def test_sigmoid_derivative_dtype(learner, dtype):
    """sigmoid_derivative keeps the input's dtype (float32 in, float32 out)."""
    x = np.linspace(-5, 5, 12).reshape(4, 3).astype(dtype)
    s = _stable_sigmoid64(x)
    got = learner.call("sigmoid_derivative", x)
    assert_array_matches(got, (s * (1 - s)).astype(dtype), rtol=1e-5, atol=1e-7)


@pytest.mark.points("sigmoid_derivative", weight=1)
def test_sigmoid_derivative_unmodified(learner):
    """sigmoid_derivative leaves its input (read-only here) unchanged."""
    x = np.array([[-1000.0, -1.0], [0.5, 1000.0]], dtype=F32)
    call_unmodified(learner, "sigmoid_derivative", x)


# ------------------------------------------------------------------------ relu_derivative
@pytest.mark.points("relu_derivative", weight=3)
@hidden_settings
@given(data=st.data(), dtype=DTYPES)
def test_relu_derivative_matches_gradient_tape(learner, tf, data, dtype):
    """relu_derivative equals tf.GradientTape's d relu/dx (1 where x > 0, else 0) on random tensors, zeros included."""
    x = data.draw(_arrays(dtype, data.draw(SHAPES, label="shape"), 10.0), label="x")
    got = learner.call("relu_derivative", x)
    assert_array_matches(got, _tape_derivative(tf, tf.nn.relu, x).astype(dtype), rtol=0, atol=0)


@pytest.mark.points("relu_derivative", weight=1)
def test_relu_derivative_at_zero(learner):
    """relu_derivative is 0 at 0 and -0 (as TensorFlow has it), 1 just above 0."""
    x = np.array([0.0, -0.0, 1e-30, -1e-30, 5.0])
    got = learner.call("relu_derivative", x)
    assert_array_matches(got, np.array([0.0, 0.0, 1.0, 0.0, 1.0]), rtol=0, atol=0)


@pytest.mark.points("relu_derivative", weight=1)
@pytest.mark.parametrize("dtype", [F32, F64], ids=["float32", "float64"])
def test_relu_derivative_dtype(learner, dtype):
    """relu_derivative returns the input's float dtype (not bool, not int)."""
    x = np.linspace(-2, 2, 10).reshape(2, 5).astype(dtype)
    got = learner.call("relu_derivative", x)
    assert_array_matches(got, (x > 0).astype(dtype), rtol=0, atol=0)


@pytest.mark.points("relu_derivative", weight=1)
def test_relu_derivative_unmodified(learner):
    """relu_derivative leaves its input (read-only here) unchanged."""
    x = np.array([[-1.0, 2.0], [0.0, 3.0]], dtype=F32)
    call_unmodified(learner, "relu_derivative", x)


# -------------------------------------------------------------------------------- softmax
@pytest.mark.points("softmax", weight=3)
@hidden_settings
@given(data=st.data(), dtype=DTYPES)
def test_softmax_matches_keras(learner, keras, data, dtype):
    """Softmax over the last axis equals keras.activations.softmax on random 1D-3D tensors, logits in [-20, 20]."""
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5), label="shape")
    x = data.draw(_arrays(dtype, shape, 20.0), label="logits")
    got = learner.call("softmax", x)
    with warnings.catch_warnings():  # Keras warns about softmax over an axis of size 1: intended here
        warnings.simplefilter("ignore", UserWarning)
        expected = np.asarray(keras.activations.softmax(x))
    assert_array_matches(got, expected, **ELEMENTWISE)


@pytest.mark.points("softmax", weight=2)
@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2])
def test_softmax_axis(learner, keras, axis):
    """Softmax normalises along the axis it is given (0, 1, 2, -1, -2 of a (2, 3, 4) tensor), like Keras."""
    x = np.random.default_rng(axis + 10).uniform(-5, 5, size=(2, 3, 4)).astype(F32)
    got = learner.call("softmax", x, axis=axis)
    assert_array_matches(got, np.asarray(keras.activations.softmax(x, axis=axis)), **ELEMENTWISE)


@pytest.mark.points("softmax", weight=2)
@pytest.mark.parametrize("dtype", [F32, F64], ids=["float32", "float64"])
def test_softmax_large_logits(learner, dtype):
    """Softmax is stable: rows of logits like [1000, 1000, 0], [-1000, -999, -1000] and [1000, -1000, 0] work."""
    x = np.array(
        [[1000.0, 1000.0, 0.0], [-1000.0, -999.0, -1000.0], [1000.0, -1000.0, 0.0], [0.0, 0.0, 0.0], [2.0, 1.0, 0.5]],
        dtype=dtype,
    )
    x64 = x.astype(F64)
    e = np.exp(x64 - x64.max(axis=1, keepdims=True))
    expected = (e / e.sum(axis=1, keepdims=True)).astype(dtype)
    got = learner.call("softmax", x)
    # backward-stable implementations are as accurate as the logits themselves: one ulp of a
    # logit of 1000 (6e-5 in float32, 1e-13 in float64) is that relative change in the result
    # (e.g. exp(logits - logsumexp) in float32), hence rtol 2e-4 / 1e-9 and no nan
    rtol = 2e-4 if dtype == F32 else 1e-9
    assert_array_matches(got, expected, rtol=rtol, atol=1e-30)


@pytest.mark.points("softmax", weight=1)
@pytest.mark.parametrize("dtype", [F32, F64], ids=["float32", "float64"])
def test_softmax_dtype(learner, dtype):
    """Softmax keeps the input's dtype (float32 in, float32 out)."""
    x = np.linspace(-3, 3, 12).reshape(3, 4).astype(dtype)
    e = np.exp(x.astype(F64) - x.max(axis=1, keepdims=True))
    got = learner.call("softmax", x)
    assert_array_matches(got, (e / e.sum(axis=1, keepdims=True)).astype(dtype), rtol=1e-5, atol=1e-7)


@pytest.mark.points("softmax", weight=1)
def test_softmax_empty_batch(learner):
    """Softmax of an empty batch of 4-class logits (shape (0, 4)) is an empty (0, 4) array."""
    got = learner.call("softmax", np.zeros((0, 4), dtype=F32))
    assert_array_matches(got, np.zeros((0, 4), dtype=F32), rtol=0, atol=0)


@pytest.mark.points("softmax", weight=1)
def test_softmax_unmodified(learner):
    """Softmax leaves its logits (read-only here) unchanged."""
    x = np.array([[1000.0, 1.0, 2.0], [3.0, -4.0, 5.0]], dtype=F32)
    call_unmodified(learner, "softmax", x)


# ----------------------------------------------------------------------------- chain_rule
# (f', g', g as named functions, the analytic (f o g)'(x), label)
CHAINS = [
    (("cos", {}), ("poly", {"coeffs": [0, 2]}), ("poly", {"coeffs": [1, 0, 1]}), "sin(x**2 + 1)"),
    (("exp", {}), ("cos", {}), ("sin", {}), "exp(sin(x))"),
    (("sigmoid", {}), ("poly", {"coeffs": [3]}), ("affine", {"a": 3.0, "b": -1.0}), "softplus(3x - 1)"),
    (("poly", {"coeffs": [0, 0, 3]}), ("exp", {}), ("exp", {}), "exp(x)**3"),
]


def _chain_expected(f_prime, g_prime, g, x: float) -> float:
    fp, gp, gg = (build_named(name, **params) for name, params in (f_prime, g_prime, g))
    return float(fp(gg(x)) * gp(x))


@pytest.mark.points("chain_rule", weight=2)
@pytest.mark.parametrize("x", [-1.5, 0.3, 2.0])
def test_chain_rule_analytic(learner, x):
    """chain_rule gives f'(g(x)) * g'(x) for sin(x**2 + 1), exp(sin x), softplus(3x - 1), exp(x)**3."""
    for f_prime, g_prime, g, label in CHAINS:
        got = learner.call(
            "chain_rule", named(f_prime[0], **f_prime[1]), named(g_prime[0], **g_prime[1]), named(g[0], **g[1]), x
        )
        assert_scalar_matches(
            got,
            _chain_expected(f_prime, g_prime, g, x),
            rtol=1e-12,
            atol=1e-12,
            what=f"derivative of {label} at x = {x}",
        )


@pytest.mark.points("chain_rule", weight=1)
@hidden_settings
@given(
    inner=st.lists(st.floats(-2, 2, allow_nan=False, allow_subnormal=False), min_size=2, max_size=4),
    x=st.floats(-1.5, 1.5, allow_nan=False, allow_subnormal=False),
)
def test_chain_rule_random_polynomials(learner, inner, x):
    """chain_rule for f = -cos (f' = sin) of a random polynomial p (degree 1-3): sin(p(x)) * p'(x)."""
    deriv = [i * c for i, c in enumerate(inner)][1:]
    g = named("poly", coeffs=inner)
    g_prime = named("poly", coeffs=deriv)
    got = learner.call("chain_rule", named("sin"), g_prime, g, x)
    p = build_named("poly", coeffs=inner)(x)
    dp = build_named("poly", coeffs=deriv)(x)
    assert_scalar_matches(got, math.sin(p) * dp, rtol=1e-12, atol=1e-12, what=f"chain rule at x = {x}")


# ------------------------------------------------------------------------- dense_backward
@cached_reference  # same derandomised inputs for every submission: compute once per session
def _keras_dense_grads(tf, keras, case, activation):
    """Return (dL/dx, dL/dW, dL/db) of L = sum(Dense(x) * grad_out) through keras.layers.Dense, by tf.GradientTape."""
    x, kernel, b, grad_out = case
    layer = keras.layers.Dense(kernel.shape[1], activation=activation, dtype=x.dtype.name)
    layer.build((None, kernel.shape[0]))
    layer.set_weights([kernel, b])
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        loss = tf.reduce_sum(layer(xt) * tf.constant(grad_out))
    gx, gk, gb = tape.gradient(loss, [xt, layer.kernel, layer.bias])
    return np.array(gx), np.array(gk), np.array(gb)


def _dense_case(seed: int, batch: int, n_in: int, units: int, dtype=F32):
    rng = np.random.default_rng(seed)
    return (
        rng.standard_normal((batch, n_in)).astype(dtype),
        rng.standard_normal((n_in, units)).astype(dtype),
        rng.standard_normal(units).astype(dtype),
        rng.standard_normal((batch, units)).astype(dtype),
    )


@pytest.mark.points("dense_backward", weight=4)
@pytest.mark.parametrize("activation", ["relu", "sigmoid", None], ids=["relu", "sigmoid", "linear"])
@hidden_settings
@given(batch=st.integers(1, 4), n_in=st.integers(1, 5), units=st.integers(1, 4), seed=st.integers(0, 2**16))
def test_dense_backward_matches_keras_dense(learner, tf, keras, *, activation, batch, n_in, units, seed):
    """dense_backward equals tf.GradientTape through keras.layers.Dense(activation) with the same weights (float32)."""
    x, kernel, b, grad_out = _dense_case(seed, batch, n_in, units)
    got = _triple(learner.call("dense_backward", x, kernel, b, grad_out, activation), "dense_backward")
    expected = _keras_dense_grads(tf, keras, (x, kernel, b, grad_out), activation)
    for name, g, e in zip(("grad_x", "grad_W", "grad_b"), got, expected, strict=True):
        assert_array_matches(g, e, **MATMUL, what=name)


@pytest.mark.points("dense_backward", weight=1)
def test_dense_backward_uses_bias(learner):
    """The bias decides which relu units are active: units with b = -100 pass no gradient, b = +100 all of it."""
    x, kernel, _, grad_out = _dense_case(5, 3, 4, 4)
    b = np.array([-100.0, 100.0, -100.0, 100.0], dtype=F32)
    gx, gw, gb = _triple(learner.call("dense_backward", x, kernel, b, grad_out, "relu"), "dense_backward")
    mask = np.array([0.0, 1.0, 0.0, 1.0], dtype=F32)
    grad_z = grad_out * mask
    assert_array_matches(gb, grad_z.sum(axis=0), **MATMUL, what="grad_b")
    assert_array_matches(gw, x.T @ grad_z, **MATMUL, what="grad_W")
    assert_array_matches(gx, grad_z @ kernel.T, **MATMUL, what="grad_x")


@pytest.mark.points("dense_backward", weight=1)
@pytest.mark.parametrize("dtype", [F32, F64], ids=["float32", "float64"])
def test_dense_backward_dtype(learner, dtype):
    """dense_backward returns the inputs' dtype for all three gradients (float32 in, float32 out)."""
    x, kernel, b, grad_out = _dense_case(6, 3, 2, 5, dtype)
    got = _triple(learner.call("dense_backward", x, kernel, b, grad_out, None), "dense_backward")
    expected = (grad_out @ kernel.T, x.T @ grad_out, grad_out.sum(axis=0))
    for name, g, e in zip(("grad_x", "grad_W", "grad_b"), got, expected, strict=True):
        assert_array_matches(g, e, **MATMUL, what=name)


@pytest.mark.points("dense_backward", weight=1)
@pytest.mark.parametrize(
    ("x_shape", "w_shape", "b_shape", "g_shape", "naming"),
    [
        ((3, 4), (5, 2), (2,), (3, 2), ((3, 4), (5, 2))),
        ((3, 4), (4, 2), (3,), (3, 2), ((3,), (4, 2))),
        ((3, 4), (4, 2), (2,), (2, 3), ((2, 3), (3, 2))),
        ((4,), (4, 2), (2,), (1, 2), ((4,),)),
    ],
    ids=["x-vs-W", "bias", "grad_out", "x-1D"],
)
def test_dense_backward_bad_shapes(learner, *, x_shape, w_shape, b_shape, g_shape, naming):
    """Inputs that do not fit together raise ValueError naming an offending shape (or the expected one)."""
    arrays = [np.ones(x_shape, F32), np.ones(w_shape, F32), np.ones(b_shape, F32), np.ones(g_shape, F32)]
    case = f"x {x_shape}, W {w_shape}, b {b_shape}, grad_out {g_shape}"
    _expect_value_error(learner, "dense_backward", *arrays, "relu", naming=naming, case=case)


@pytest.mark.points("dense_backward", weight=1)
def test_dense_backward_unknown_activation(learner):
    """An activation other than "relu", "sigmoid" or None (here "tanh") raises ValueError."""
    expect_raises(learner, "ValueError", "dense_backward", *_dense_case(7, 2, 3, 2), "tanh", case='activation="tanh"')


@pytest.mark.points("dense_backward", weight=1)
@pytest.mark.parametrize("activation", ["relu", "sigmoid", None], ids=["relu", "sigmoid", "linear"])
def test_dense_backward_unmodified(learner, activation):
    """dense_backward leaves x, W, b and grad_out (read-only here) unchanged."""
    call_unmodified(learner, "dense_backward", *_dense_case(8, 3, 4, 2), activation)


# --------------------------------------------------------------------- mlp_loss_and_grads
def _mlp_case(seed: int, n: int, d: int, h: int, k: int, *, scale: float = 0.5):
    rng = np.random.default_rng(seed)
    params = {
        "W1": (scale * rng.standard_normal((d, h))).astype(F32),
        "b1": (scale * rng.standard_normal(h)).astype(F32),
        "W2": (scale * rng.standard_normal((h, k))).astype(F32),
        "b2": (scale * rng.standard_normal(k)).astype(F32),
    }
    x = rng.standard_normal((n, d)).astype(F32)
    y = np.eye(k, dtype=F32)[rng.integers(0, k, n)]
    return params, x, y


@cached_reference  # same derandomised inputs for every submission: compute once per session
def _tf_mlp(tf, params, x, y):
    """Loss and gradients of the catalogue's network by tf.GradientTape, in float64 on the same values."""
    variables = {key: tf.Variable(np.asarray(value, dtype=F64)) for key, value in params.items()}
    with tf.GradientTape() as tape:
        hidden = tf.nn.relu(tf.constant(x, dtype=tf.float64) @ variables["W1"] + variables["b1"])
        logits = hidden @ variables["W2"] + variables["b2"]
        loss = tf.reduce_mean(-tf.reduce_sum(tf.constant(y, dtype=tf.float64) * tf.nn.log_softmax(logits), axis=1))
    grads = tape.gradient(loss, variables)
    return float(loss.numpy()), {key: np.array(g.numpy()) for key, g in grads.items()}


MLP_SIZES = {"n": st.integers(1, 6), "d": st.integers(1, 6), "h": st.integers(1, 6), "k": st.integers(2, 5)}


@pytest.mark.points("mlp_loss_and_grads", weight=2)
@hidden_settings
@given(seed=st.integers(0, 2**16), **MLP_SIZES)
def test_mlp_loss_matches_tf(learner, tf, *, seed, n, d, h, k):
    """The loss is the mean categorical crossentropy of softmax(relu(x W1 + b1) W2 + b2), as TensorFlow has it."""
    params, x, y = _mlp_case(seed, n, d, h, k)
    got = learner.call("mlp_loss_and_grads", params, x, y)
    if not isinstance(got, tuple | list) or len(got) != 2:
        fail(en="mlp_loss_and_grads must return (loss, grads)", zh="mlp_loss_and_grads 必须返回 (loss, grads)")
    expected, _ = _tf_mlp(tf, params, x, y)
    # float32 forward pass: a few ulps of values of order 1
    assert_scalar_matches(got[0], expected, rtol=1e-5, atol=1e-6, what="loss")


@pytest.mark.points("mlp_loss_and_grads", weight=4)
@hidden_settings
@given(seed=st.integers(0, 2**16), **MLP_SIZES)
def test_mlp_grads_match_gradient_tape(learner, tf, *, seed, n, d, h, k):
    """grads["W1"], ["b1"], ["W2"], ["b2"] equal tf.GradientTape's gradients of the mean loss (random networks)."""
    params, x, y = _mlp_case(seed, n, d, h, k)
    got = learner.call("mlp_loss_and_grads", params, x, y)
    if not isinstance(got, tuple | list) or len(got) != 2:
        fail(en="mlp_loss_and_grads must return (loss, grads)", zh="mlp_loss_and_grads 必须返回 (loss, grads)")
    grads = _params_dict(got[1], "grads")
    _, expected = _tf_mlp(tf, params, x, y)
    for key in ("W2", "b2", "W1", "b1"):
        assert_array_matches(grads[key], expected[key].astype(F32), **MATMUL, what=f"grads[{key!r}]")


@pytest.mark.points("mlp_loss_and_grads", weight=1)
def test_mlp_grads_shapes_and_dtype(learner):
    """The grads dict has the keys W1, b1, W2, b2, each shaped like its parameter, float32 for float32 inputs."""
    params, x, y = _mlp_case(1, 5, 7, 3, 4)
    _, grads = learner.call("mlp_loss_and_grads", params, x, y)
    grads = _params_dict(grads, "grads")
    for key, value in params.items():
        g = grads[key]
        if not isinstance(g, np.ndarray) or g.shape != value.shape or g.dtype != value.dtype:
            got = f"{getattr(g, 'dtype', type(g).__name__)} {np.shape(g)}"
            fail(
                en=f"grads[{key!r}] must be a {value.dtype} array of shape {value.shape}, got {got}",
                zh=f"grads[{key!r}] 应为形状 {value.shape} 的 {value.dtype} 数组，实际为 {got}",
            )


@pytest.mark.points("mlp_loss_and_grads", weight=1)
def test_mlp_large_logits_finite(learner):
    """With logits in the hundreds (large weights) the gradients stay finite: a stable softmax is needed."""
    params, x, y = _mlp_case(2, 6, 5, 4, 3, scale=30.0)
    _, grads = learner.call("mlp_loss_and_grads", params, x, y)
    grads = _params_dict(grads, "grads")
    for key in PARAM_KEYS:
        if not np.all(np.isfinite(np.asarray(grads[key], dtype=F64))):
            fail(
                en=f"grads[{key!r}] holds nan or inf for logits in the hundreds: subtract the max before exp",
                zh=f"logits 为数百时 grads[{key!r}] 含 nan 或 inf：求 exp 之前先减去最大值",
            )


@pytest.mark.points("mlp_loss_and_grads", weight=1)
def test_mlp_unmodified(learner):
    """mlp_loss_and_grads leaves params, x and y_onehot (read-only here) unchanged."""
    call_unmodified(learner, "mlp_loss_and_grads", *_mlp_case(3, 4, 3, 5, 2))


@pytest.mark.points("mlp_loss_and_grads", weight=1)
@pytest.mark.parametrize("case", ["x-vs-W1", "y-rows"])
def test_mlp_bad_shapes(learner, case):
    """An x that does not fit W1, or a y_onehot with other rows than x, raises ValueError naming a shape."""
    params, x, y = _mlp_case(4, 4, 3, 5, 2)
    if case == "x-vs-W1":
        x = np.ones((4, 6), F32)
        naming = (x.shape, params["W1"].shape)
    else:
        y = np.eye(2, dtype=F32)[[0, 1, 0]]
        naming = (y.shape, x.shape)
    _expect_value_error(learner, "mlp_loss_and_grads", params, x, y, naming=naming, case=case)


# ------------------------------------------------------------------------------ train_mlp
def _accuracy(params: dict[str, np.ndarray], x: np.ndarray, labels: np.ndarray) -> float:
    hidden = np.maximum(x @ np.asarray(params["W1"], F32) + np.asarray(params["b1"], F32), 0)
    logits = hidden @ np.asarray(params["W2"], F32) + np.asarray(params["b2"], F32)
    return float(np.mean(np.argmax(logits, axis=1) == labels))


def _check_params(params, n_in: int, hidden: int, classes: int) -> dict[str, np.ndarray]:
    params = _params_dict(params, "train_mlp's result")
    expected = {"W1": (n_in, hidden), "b1": (hidden,), "W2": (hidden, classes), "b2": (classes,)}
    shapes = {key: np.shape(value) for key, value in params.items()}
    if shapes != expected:
        fail(en=f"parameter shapes {shapes}, expected {expected}", zh=f"参数形状为 {shapes}，应为 {expected}")
    for key, value in params.items():
        if not isinstance(value, np.ndarray) or value.dtype.kind != "f" or not np.all(np.isfinite(value)):
            fail(en=f"params[{key!r}] must be a finite float array", zh=f"params[{key!r}] 必须是有限的浮点数组")
    return params


def _clusters(seed: int, n: int = 600):
    """Ten well-separated clusters of 784-pixel 'images' in [0, 1]."""
    rng = np.random.default_rng(seed)
    centres = rng.random((10, 784), dtype=F32)
    labels = rng.integers(0, 10, n)
    x = np.clip(centres[labels] + 0.1 * rng.standard_normal((n, 784)), 0, 1).astype(F32)
    return x, np.eye(10, dtype=F32)[labels], labels


@pytest.mark.points("train_mlp", weight=4)
def test_train_mlp_mnist_accuracy(learner):
    """train_mlp with its defaults, trained on the 60,000 MNIST digits, classifies >= 92 % of the 10,000 test digits."""
    from grader.authoring.data import DataNotConfigured, load_mnist

    try:
        (x_train, y_train), (x_test, y_test) = load_mnist()
    except DataNotConfigured as exc:
        fail(
            en=f"cannot grade train_mlp: the MNIST files are not available to the grader ({exc})",
            zh=f"无法评分 train_mlp：评分程序找不到 MNIST 文件（{exc}）",
        )
    x = x_train.reshape(len(x_train), 784).astype(F32) / 255
    y = np.eye(10, dtype=F32)[y_train]
    record = learner.run("train_mlp", (x, y), timeout=120)
    params = _check_params(record.value, 784, 64, 10)
    accuracy = _accuracy(params, x_test.reshape(len(x_test), 784).astype(F32) / 255, y_test)
    if accuracy < MNIST_MIN_ACCURACY:
        fail(
            en=f"test accuracy {accuracy:.2%} after training on MNIST, expected at least {MNIST_MIN_ACCURACY:.0%}",
            zh=f"在 MNIST 上训练后测试准确率为 {accuracy:.2%}，应至少为 {MNIST_MIN_ACCURACY:.0%}",
        )


@pytest.mark.points("train_mlp", weight=1)
def test_train_mlp_learns_clusters(learner):
    """On ten well-separated clusters (600 samples) train_mlp(hidden=16, epochs=5, batch_size=32) is >= 90 % right."""
    x, y, labels = _clusters(7)
    params = _check_params(learner.call("train_mlp", x, y, hidden=16, epochs=5, batch_size=32), 784, 16, 10)
    accuracy = _accuracy(params, x, labels)
    if accuracy < 0.9:
        fail(
            en=f"training accuracy {accuracy:.1%} on easy clusters, expected at least 90%",
            zh=f"在容易的聚类数据上训练准确率为 {accuracy:.1%}，应至少为 90%",
        )


@pytest.mark.points("train_mlp", weight=1)
@pytest.mark.parametrize("hidden", [8, 32])
def test_train_mlp_param_shapes(learner, hidden):
    """train_mlp returns W1 (784, hidden), b1 (hidden,), W2 (hidden, 10), b2 (10,) for the hidden size it is given."""
    x, y, _ = _clusters(8, n=200)
    _check_params(learner.call("train_mlp", x, y, hidden=hidden, epochs=1), 784, hidden, 10)


@pytest.mark.points("train_mlp", weight=1)
def test_train_mlp_unmodified(learner):
    """train_mlp leaves x and y_onehot (read-only here) unchanged."""
    x, y, _ = _clusters(9, n=300)
    call_unmodified(learner, "train_mlp", x, y, hidden=8, epochs=1)
