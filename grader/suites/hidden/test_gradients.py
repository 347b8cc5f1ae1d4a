"""Hidden grading suite for ``gradients`` (sections 2.4.1-2.4.3, gradient-based optimisation).

References (exercise catalogue): analytic derivatives for ``numerical_derivative``;
``tf.GradientTape`` for ``numerical_gradient``; Keras 3's own optimizers for the update
rules (``keras.optimizers.SGD`` one step, ``SGD(momentum, nesterov)``, ``RMSprop`` and
``Adagrad`` over several steps, the learner's function threading its state from one call
to the next); an exact replay with the same seed, the batches it visits and convergence
on least squares for ``minibatch_sgd``. Every function also gets random shapes and values
drawn with hypothesis against its formula, dtypes (NEP 50: float32 in, float32 out with
Python-float hyper-parameters), wrong shapes (``ValueError`` naming them) and inputs left
unmodified.

The functions handed to learner code are named trusted functions
(:mod:`grader.runner.named`): ``named(...)`` builds them in the learner's process and
``build_named(...)`` builds the same function here for the references.

Tolerances:

* Central differences with ``eps = 1e-5`` in float64 are accurate to about
  ``eps**2 / 6 * |f'''| + 1e-16 * |f| / eps``, i.e. 1e-9 relative for the functions used,
  so ``rtol=1e-6`` passes any central difference and fails a forward difference (error
  ``eps / 2 * |f''|``, about 5e-6 relative).
* The update rules in float32 against Keras (float32 variables, TensorFlow kernels, another
  order of operations): a few ulps per step, so ``rtol=1e-5``, ``atol=1e-6`` over 5 steps.
* The same rules in float64 against their formula: ``rtol=1e-10``.
"""

from __future__ import annotations

import math

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
from grader.runner.named import quadratic_coefficients

F32, F64 = np.float32, np.float64
KERAS_F32 = {"rtol": 1e-5, "atol": 1e-6}  # float32 vs Keras: a few ulps per step (see above)
FORMULA_F64 = {"rtol": 1e-10, "atol": 1e-12}  # float64 vs the formula: round-off only
STEPS = 5  # optimizer steps compared with Keras


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


def _shapes(min_dims: int = 1, max_dims: int = 3, max_side: int = 4) -> st.SearchStrategy:
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=max_side)


def _arrays(dtype, shape, bound: float = 3.0) -> st.SearchStrategy:
    """Finite values of ``dtype`` in [-bound, bound]."""
    width = 8 * np.dtype(dtype).itemsize
    elements = st.floats(-bound, bound, width=width, allow_nan=False, allow_infinity=False, allow_subnormal=False)
    return hnp.arrays(np.dtype(dtype), shape, elements=elements)


def _pair(got, names: tuple[str, str], function: str) -> tuple[np.ndarray, np.ndarray]:
    """Unpack the two arrays of a ``(w, state)`` result, or fail clearly."""
    if not isinstance(got, tuple | list) or len(got) != 2:
        fail(
            en=f"{function} must return a pair {names}, got {type(got).__name__}",
            zh=f"{function} 必须返回二元组 {names}，实际返回 {type(got).__name__}",
        )
    return got[0], got[1]


def _state_steps(learner, function, w, state, grads, **hyper):
    """Thread ``(w, state)`` through the learner's function for every gradient."""
    history = []
    for g in grads:
        w, state = _pair(learner.call(function, w, state, g, **hyper), ("w", "state"), function)
        history.append((w, state))
    return history


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


def _keras_steps(tf, keras, optimizer, w0, grads):
    """Apply a Keras optimizer to ``w0`` with ``grads``; return the weights after each step."""
    var = keras.Variable(w0, dtype=w0.dtype.name)
    out = []
    for g in grads:
        optimizer.apply_gradients([(tf.constant(g), var)])
        out.append(np.array(var.numpy()))
    return out


# ------------------------------------------------------------------ numerical_derivative
# (named function, its params, the analytic derivative, points where it is checked)
DERIVATIVES = [
    ("poly", {"coeffs": [1.0, -2.0, 0.5, 3.0]}, lambda x: -2.0 + 1.0 * x + 9.0 * x**2, [-1.5, 0.0, 0.7, 2.0]),
    ("sin", {}, math.cos, [0.0, 1.0, -2.5]),
    ("exp", {}, math.exp, [-1.0, 0.5, 3.0]),
    ("log", {}, lambda x: 1.0 / x, [0.5, 1.0, 4.0]),
    ("tanh", {}, lambda x: 1.0 - math.tanh(x) ** 2, [-0.5, 0.3, 1.2]),
    ("sigmoid", {}, lambda x: math.exp(-x) / (1.0 + math.exp(-x)) ** 2, [-2.0, 0.0, 1.5]),
    ("softplus", {}, lambda x: 1.0 / (1.0 + math.exp(-x)), [-3.0, 0.0, 2.0]),
]


@pytest.mark.points("numerical_derivative", weight=3)
@pytest.mark.parametrize(("name", "params", "derivative", "points"), DERIVATIVES, ids=[d[0] for d in DERIVATIVES])
def test_numerical_derivative_analytic(learner, name, params, derivative, points):
    """numerical_derivative matches the analytic derivative of polynomials, sin, exp, log, tanh, sigmoid, softplus."""
    for x in points:
        got = learner.call("numerical_derivative", named(name, **params), x)
        # central differences: about 1e-9 relative error; a forward difference is 5e-6 off
        assert_scalar_matches(got, derivative(x), rtol=1e-6, atol=1e-8, what=f"slope of {name} at x = {x}")


@pytest.mark.points("numerical_derivative", weight=2)
@hidden_settings
@given(
    coeffs=st.lists(st.floats(-3, 3, allow_nan=False, allow_subnormal=False), min_size=1, max_size=5),
    x=st.floats(-2, 2, allow_nan=False, allow_subnormal=False),
)
def test_numerical_derivative_random_polynomials(learner, coeffs, x):
    """numerical_derivative of random polynomials of degree <= 4 at random points in [-2, 2]."""
    expected = sum(i * c * x ** (i - 1) for i, c in enumerate(coeffs) if i > 0)
    got = learner.call("numerical_derivative", named("poly", coeffs=coeffs), x)
    # truncation eps**2 / 6 * |f'''| <= 1e-10 * 300 and round-off 1e-16 * |f| / eps <= 1e-9
    # here; a forward difference errs by eps / 2 * |f''| (up to 1e-3)
    scale = 1.0 + sum(abs(c) * 2.0**i for i, c in enumerate(coeffs))
    assert_scalar_matches(got, expected, rtol=1e-6, atol=1e-8 * scale, what=f"slope of {coeffs} at x = {x}")


@pytest.mark.points("numerical_derivative", weight=1)
def test_numerical_derivative_uses_eps(learner):
    """numerical_derivative uses the eps it is given: for x**3 the central difference is 3x**2 + eps**2."""
    for eps in (0.5, 0.1):
        got = learner.call("numerical_derivative", named("poly", coeffs=[0, 0, 0, 1]), 2.0, eps=eps)
        # ((x + h)**3 - (x - h)**3) / (2h) = 3x**2 + h**2 exactly
        assert_scalar_matches(got, 12.0 + eps**2, rtol=1e-12, atol=1e-12, what=f"slope with eps={eps}")


# -------------------------------------------------------------------- numerical_gradient
@cached_reference  # same derandomised inputs for every submission: compute once per session
def _tf_value(tf, name: str, w):
    """TensorFlow twin of the named tensor function ``name`` (same formula as grader.runner.named)."""
    shape = tuple(w.shape)
    size = int(np.prod(shape))
    if name == "sum_squares":
        return tf.reduce_sum(w * w)
    if name == "weighted_squares":
        k = tf.constant(np.arange(1, size + 1, dtype=F64).reshape(shape))
        return tf.reduce_sum(k * w * w)
    if name == "logsumexp":
        return tf.reduce_logsumexp(w)
    if name == "quadratic":
        a, c = quadratic_coefficients(7, size)
        flat = tf.reshape(w, [-1])
        return 0.5 * tf.reduce_sum(flat * tf.linalg.matvec(tf.constant(a), flat)) + tf.reduce_sum(tf.constant(c) * flat)
    raise AssertionError(name)  # pragma: no cover - the suite only uses the names above


TENSOR_FUNCTIONS = [("sum_squares", {}), ("weighted_squares", {}), ("logsumexp", {}), ("quadratic", {"seed": 7})]


@cached_reference  # same derandomised inputs for every submission: compute once per session
def _tape_gradient(tf, name: str, w64: np.ndarray) -> np.ndarray:
    var = tf.Variable(w64)
    with tf.GradientTape() as tape:
        value = _tf_value(tf, name, var)
    return np.array(tape.gradient(value, var).numpy())


@pytest.mark.points("numerical_gradient", weight=4)
@pytest.mark.parametrize(("name", "params"), TENSOR_FUNCTIONS, ids=[t[0] for t in TENSOR_FUNCTIONS])
@hidden_settings
@given(data=st.data())
def test_numerical_gradient_matches_gradient_tape(learner, tf, name, params, data):
    """numerical_gradient of sum(W**2), sum(k W**2), logsumexp(W), a quadratic form equals tf.GradientTape's."""
    shape = data.draw(_shapes(max_dims=3, max_side=3), label="shape")
    w = data.draw(_arrays(F64, shape, bound=2.0), label="W")
    got = learner.call("numerical_gradient", named(name, **params), w)
    # central differences in float64: ~1e-9 relative (module docstring)
    assert_array_matches(got, _tape_gradient(tf, name, w), rtol=1e-6, atol=1e-7, what=f"gradient of {name}")


@pytest.mark.points("numerical_gradient", weight=2)
@pytest.mark.parametrize("shape", [(), (1,), (5,), (1, 1), (2, 1, 3), (1, 2, 1, 2), (0, 3)], ids=str)
def test_numerical_gradient_any_rank(learner, shape):
    """numerical_gradient works for tensors of any rank: 0D, 1D, 1x1, 3D, 4D and an empty (0, 3) tensor."""
    w = np.random.default_rng(1).uniform(-2, 2, size=shape)
    got = learner.call("numerical_gradient", named("weighted_squares"), w)
    k = np.arange(1, w.size + 1, dtype=F64).reshape(shape)
    # weighted squares are quadratic: central differences are exact up to round-off
    assert_array_matches(got, 2 * k * w, rtol=1e-6, atol=1e-7, what=f"gradient for a {shape} tensor")


@pytest.mark.points("numerical_gradient", weight=1)
def test_numerical_gradient_uses_eps(learner):
    """numerical_gradient uses the eps it is given (eps = 0.25 on logsumexp gives a visibly different slope)."""
    w = np.array([[0.5, -1.0, 2.0], [0.0, 1.5, -0.5]])
    eps = 0.25
    f = build_named("logsumexp")
    expected = np.zeros_like(w)
    for idx in np.ndindex(w.shape):
        plus, minus = w.copy(), w.copy()
        plus[idx] += eps
        minus[idx] -= eps
        expected[idx] = (f(plus) - f(minus)) / (2 * eps)
    got = learner.call("numerical_gradient", named("logsumexp"), w, eps=eps)
    # the same formula: only round-off differs; the eps=1e-5 slope is 1e-3 away
    assert_array_matches(got, expected, rtol=1e-9, atol=1e-12, what="central differences with eps=0.25")


@pytest.mark.points("numerical_gradient", weight=2)
@pytest.mark.parametrize("dtype", [F32, F64], ids=["float32", "float64"])
def test_numerical_gradient_dtype(learner, tf, dtype):
    """numerical_gradient returns W's dtype (float32 in, float32 out) and still a usable slope for float32 W."""
    w = np.random.default_rng(2).uniform(-1, 1, size=(2, 3)).astype(dtype)
    got = learner.call("numerical_gradient", named("quadratic", seed=7), w)
    expected = _tape_gradient(tf, "quadratic", w.astype(F64)).astype(dtype)
    # perturbing float32 values in [-1, 1] by 1e-5 in float32 costs up to 0.6 % (the step is
    # rounded to the float32 grid), which float64 copies avoid; both are accepted here
    assert_array_matches(got, expected, rtol=1e-2, atol=1e-3, what=f"gradient for {np.dtype(dtype).name} W")


@pytest.mark.points("numerical_gradient", weight=2)
def test_numerical_gradient_leaves_w_unchanged(learner):
    """numerical_gradient perturbs copies: W (read-only here) stays bit-for-bit unchanged."""
    w = np.random.default_rng(3).uniform(-1, 1, size=(3, 2)).astype(F32)
    call_unmodified(learner, "numerical_gradient", named("sum_squares"), w)


# ------------------------------------------------------------------ gradient_descent_step
@pytest.mark.points("gradient_descent_step", weight=3)
@hidden_settings
@given(data=st.data(), lr=st.sampled_from([0.001, 0.01, 0.1, 0.5, 1.0]))
def test_gradient_descent_step_matches_keras_sgd(learner, tf, keras, data, lr):
    """gradient_descent_step equals one step of keras.optimizers.SGD(learning_rate) on float32 weights."""
    shape = data.draw(_shapes(), label="shape")
    w = data.draw(_arrays(F32, shape), label="W")
    g = data.draw(_arrays(F32, shape), label="grad")
    got = learner.call("gradient_descent_step", w, g, lr)
    (expected,) = _keras_steps(tf, keras, keras.optimizers.SGD(learning_rate=lr), w, [g])
    assert_array_matches(got, expected, **KERAS_F32)


@pytest.mark.points("gradient_descent_step", weight=1)
@hidden_settings
@given(data=st.data(), lr=st.floats(1e-4, 2.0))
def test_gradient_descent_step_formula(learner, data, lr):
    """gradient_descent_step is W - learning_rate * grad on random float64 tensors (1D to 3D)."""
    shape = data.draw(_shapes(), label="shape")
    w = data.draw(_arrays(F64, shape, bound=100.0), label="W")
    g = data.draw(_arrays(F64, shape, bound=100.0), label="grad")
    got = learner.call("gradient_descent_step", w, g, lr)
    assert_array_matches(got, w - lr * g, **FORMULA_F64)


@pytest.mark.points("gradient_descent_step", weight=1)
@pytest.mark.parametrize("dtype", [F32, F64], ids=["float32", "float64"])
def test_gradient_descent_step_dtype(learner, dtype):
    """gradient_descent_step keeps the weights' dtype with a Python-float learning rate (float32 stays float32)."""
    w = np.linspace(-1, 1, 6).reshape(2, 3).astype(dtype)
    g = np.linspace(2, -2, 6).reshape(2, 3).astype(dtype)
    got = learner.call("gradient_descent_step", w, g, 0.1)
    assert_array_matches(got, w - 0.1 * g, rtol=1e-6, atol=1e-7)


@pytest.mark.points("gradient_descent_step", weight=1)
def test_gradient_descent_step_unmodified(learner):
    """gradient_descent_step returns a new array: W and grad (read-only here) are left unchanged."""
    w = np.ones((3, 4), dtype=F32)
    g = np.full((3, 4), 0.5, dtype=F32)
    got = call_unmodified(learner, "gradient_descent_step", w, g, 0.1)
    assert_array_matches(got, np.full((3, 4), 0.95, dtype=F32), rtol=1e-6, atol=1e-7)


@pytest.mark.points("gradient_descent_step", weight=1)
@pytest.mark.parametrize(("w_shape", "g_shape"), [((2, 3), (3, 2)), ((4,), (5,)), ((2, 3), (2, 3, 1))], ids=str)
def test_gradient_descent_step_shape_mismatch(learner, w_shape, g_shape):
    """A gradient whose shape differs from W's raises ValueError naming the shapes (one of them suffices)."""
    w, g = np.zeros(w_shape, F32), np.zeros(g_shape, F32)
    _expect_value_error(
        learner, "gradient_descent_step", w, g, 0.1, naming=(w_shape, g_shape), case=f"W {w_shape}, grad {g_shape}"
    )


# ------------------------------------------------------------------------- momentum_step
@pytest.mark.points("momentum_step", weight=4)
@pytest.mark.parametrize("nesterov", [False, True], ids=["classic", "nesterov"])
@hidden_settings
@given(
    shape=_shapes(max_dims=2),
    seed=st.integers(0, 2**16),
    lr=st.sampled_from([0.01, 0.1, 0.3]),
    momentum=st.sampled_from([0.0, 0.5, 0.9, 0.99]),
)
def test_momentum_step_matches_keras_sgd(learner, tf, keras, *, nesterov, shape, seed, lr, momentum):
    """5 momentum_step calls (velocity threaded through) equal 5 steps of keras.optimizers.SGD with momentum."""
    rng = np.random.default_rng(seed)
    w0 = rng.standard_normal(shape).astype(F32)
    grads = [rng.standard_normal(shape).astype(F32) for _ in range(STEPS)]
    mine = _state_steps(
        learner,
        "momentum_step",
        w0,
        np.zeros(shape, F32),
        grads,
        learning_rate=lr,
        momentum=momentum,
        nesterov=nesterov,
    )
    opt = keras.optimizers.SGD(learning_rate=lr, momentum=momentum, nesterov=nesterov)
    for step, ((w, _), expected) in enumerate(zip(mine, _keras_steps(tf, keras, opt, w0, grads), strict=True), 1):
        assert_array_matches(w, expected, **KERAS_F32, what=f"w after step {step}")


@pytest.mark.points("momentum_step", weight=2)
@pytest.mark.parametrize("nesterov", [False, True], ids=["classic", "nesterov"])
@hidden_settings
@given(data=st.data(), lr=st.floats(1e-3, 1.0), momentum=st.floats(0.0, 0.99))
def test_momentum_step_formula(learner, nesterov, data, lr, momentum):
    """momentum_step returns (w + v, v), or (w + momentum * v - lr * grad, v) with nesterov, for the new velocity v.

    The new velocity is v = momentum * velocity - lr * grad (random float64 tensors and hyper-parameters).
    """
    shape = data.draw(_shapes(), label="shape")
    w, v, g = (data.draw(_arrays(F64, shape), label=label) for label in ("w", "velocity", "grad"))
    got_w, got_v = _pair(
        learner.call("momentum_step", w, v, g, lr, momentum, nesterov=nesterov), ("w", "velocity"), "momentum_step"
    )
    new_v = momentum * v - lr * g
    expected_w = w + momentum * new_v - lr * g if nesterov else w + new_v
    assert_array_matches(got_v, new_v, **FORMULA_F64, what="velocity")
    assert_array_matches(got_w, expected_w, **FORMULA_F64, what="w")


@pytest.mark.points("momentum_step", weight=1)
@pytest.mark.parametrize("dtype", [F32, F64], ids=["float32", "float64"])
def test_momentum_step_dtype(learner, dtype):
    """momentum_step keeps the dtype of w and velocity with Python-float hyper-parameters (float32 stays float32)."""
    w = np.linspace(-1, 1, 6).reshape(3, 2).astype(dtype)
    v = np.full((3, 2), 0.25, dtype=dtype)
    g = np.linspace(1, 2, 6).reshape(3, 2).astype(dtype)
    got_w, got_v = _pair(learner.call("momentum_step", w, v, g, 0.1, 0.9), ("w", "velocity"), "momentum_step")
    new_v = 0.9 * v - 0.1 * g
    assert_array_matches(got_v, new_v, rtol=1e-6, atol=1e-7, what="velocity")
    assert_array_matches(got_w, w + new_v, rtol=1e-6, atol=1e-7, what="w")


@pytest.mark.points("momentum_step", weight=1)
@pytest.mark.parametrize("nesterov", [False, True], ids=["classic", "nesterov"])
def test_momentum_step_unmodified(learner, nesterov):
    """momentum_step returns new arrays: w, velocity and grad (read-only here) are left unchanged."""
    w, v, g = np.ones((2, 3), F32), np.full((2, 3), -0.5, F32), np.full((2, 3), 2.0, F32)
    call_unmodified(learner, "momentum_step", w, v, g, 0.1, 0.9, nesterov=nesterov)


@pytest.mark.points("momentum_step", weight=1)
@pytest.mark.parametrize("which", ["velocity", "grad"])
def test_momentum_step_shape_mismatch(learner, which):
    """A velocity or gradient whose shape differs from w's raises ValueError naming the shapes (one suffices)."""
    w = np.zeros((2, 3), F32)
    bad = np.zeros((3, 2), F32)
    args = (w, bad, w) if which == "velocity" else (w, w, bad)
    _expect_value_error(
        learner, "momentum_step", *args, 0.1, 0.9, naming=(w.shape, bad.shape), case=f"w {w.shape}, {which} {bad.shape}"
    )


# -------------------------------------------------------------------------- rmsprop_step
@pytest.mark.points("rmsprop_step", weight=4)
@hidden_settings
@given(
    shape=_shapes(max_dims=2),
    seed=st.integers(0, 2**16),
    hyper=st.sampled_from(
        [{}, {"learning_rate": 0.01}, {"learning_rate": 0.1, "rho": 0.5}, {"learning_rate": 0.05, "rho": 0.99}]
    ),
)
def test_rmsprop_step_matches_keras(learner, tf, keras, *, shape, seed, hyper):
    """5 rmsprop_step calls (cache threaded through, starting at 0) equal 5 steps of keras.optimizers.RMSprop."""
    rng = np.random.default_rng(seed)
    w0 = rng.standard_normal(shape).astype(F32)
    grads = [rng.standard_normal(shape).astype(F32) for _ in range(STEPS)]
    mine = _state_steps(learner, "rmsprop_step", w0, np.zeros(shape, F32), grads, **hyper)
    opt = keras.optimizers.RMSprop(**hyper)  # Keras's defaults: 0.001, rho 0.9, epsilon 1e-7
    for step, ((w, _), expected) in enumerate(zip(mine, _keras_steps(tf, keras, opt, w0, grads), strict=True), 1):
        assert_array_matches(w, expected, **KERAS_F32, what=f"w after step {step}")


@pytest.mark.points("rmsprop_step", weight=2)
@hidden_settings
@given(data=st.data(), lr=st.floats(1e-4, 0.5), rho=st.floats(0.0, 0.999), epsilon=st.sampled_from([1e-7, 1e-3, 0.5]))
def test_rmsprop_step_formula(learner, data, lr, rho, epsilon):
    """rmsprop_step returns (w - lr * grad / sqrt(c + epsilon), c) for c = rho * cache + (1 - rho) * grad**2."""
    shape = data.draw(_shapes(), label="shape")
    w = data.draw(_arrays(F64, shape), label="w")
    cache = np.abs(data.draw(_arrays(F64, shape), label="cache"))
    g = data.draw(_arrays(F64, shape), label="grad")
    got_w, got_c = _pair(
        learner.call("rmsprop_step", w, cache, g, learning_rate=lr, rho=rho, epsilon=epsilon),
        ("w", "cache"),
        "rmsprop_step",
    )
    new_c = rho * cache + (1 - rho) * g**2
    assert_array_matches(got_c, new_c, **FORMULA_F64, what="cache")
    assert_array_matches(got_w, w - lr * g / np.sqrt(new_c + epsilon), **FORMULA_F64, what="w")


@pytest.mark.points("rmsprop_step", weight=1)
def test_rmsprop_step_epsilon_inside_root(learner):
    """Tiny gradients (1e-5) with the defaults: epsilon goes inside the square root, as Keras has it."""
    w = np.ones(3)
    cache = np.zeros(3)
    g = np.array([1e-5, -1e-4, 0.0])
    got_w, got_c = _pair(learner.call("rmsprop_step", w, cache, g), ("w", "cache"), "rmsprop_step")
    new_c = 0.1 * g**2
    # epsilon outside the root (sqrt(c) + 1e-7) moves the first weight 30x further
    assert_array_matches(got_c, new_c, **FORMULA_F64, what="cache")
    assert_array_matches(got_w, w - 0.001 * g / np.sqrt(new_c + 1e-7), **FORMULA_F64, what="w")


@pytest.mark.points("rmsprop_step", weight=1)
@pytest.mark.parametrize("dtype", [F32, F64], ids=["float32", "float64"])
def test_rmsprop_step_dtype(learner, dtype):
    """rmsprop_step keeps the dtype of w and cache with Python-float hyper-parameters (float32 stays float32)."""
    w = np.linspace(-1, 1, 6).reshape(2, 3).astype(dtype)
    cache = np.full((2, 3), 0.5, dtype=dtype)
    g = np.linspace(-2, 1, 6).reshape(2, 3).astype(dtype)
    got_w, got_c = _pair(learner.call("rmsprop_step", w, cache, g, learning_rate=0.01), ("w", "cache"), "rmsprop_step")
    new_c = 0.9 * cache + (1 - 0.9) * g**2
    assert_array_matches(got_c, new_c, rtol=1e-6, atol=1e-7, what="cache")
    assert_array_matches(got_w, w - 0.01 * g / np.sqrt(new_c + 1e-7), rtol=1e-6, atol=1e-7, what="w")


@pytest.mark.points("rmsprop_step", weight=1)
def test_rmsprop_step_unmodified(learner):
    """rmsprop_step returns new arrays: w, cache and grad (read-only here) are left unchanged."""
    w, c, g = np.ones((2, 3), F32), np.full((2, 3), 0.5, F32), np.full((2, 3), 2.0, F32)
    call_unmodified(learner, "rmsprop_step", w, c, g)


@pytest.mark.points("rmsprop_step", weight=1)
@pytest.mark.parametrize("which", ["cache", "grad"])
def test_rmsprop_step_shape_mismatch(learner, which):
    """A cache or gradient whose shape differs from w's raises ValueError naming the shapes (one suffices)."""
    w = np.zeros((4,), F32)
    bad = np.zeros((4, 1), F32)
    args = (w, bad, w) if which == "cache" else (w, w, bad)
    _expect_value_error(
        learner, "rmsprop_step", *args, naming=(w.shape, bad.shape), case=f"w {w.shape}, {which} {bad.shape}"
    )


# -------------------------------------------------------------------------- adagrad_step
@pytest.mark.points("adagrad_step", weight=4)
@hidden_settings
@given(
    shape=_shapes(max_dims=2),
    seed=st.integers(0, 2**16),
    hyper=st.sampled_from(
        [{}, {"learning_rate": 0.01}, {"learning_rate": 0.5}, {"learning_rate": 0.1, "epsilon": 1e-3}]
    ),
)
def test_adagrad_step_matches_keras(learner, tf, keras, *, shape, seed, hyper):
    """5 adagrad_step calls (accumulator threaded through from 0.1) equal 5 steps of keras.optimizers.Adagrad."""
    rng = np.random.default_rng(seed)
    w0 = rng.standard_normal(shape).astype(F32)
    grads = [rng.standard_normal(shape).astype(F32) for _ in range(STEPS)]
    mine = _state_steps(learner, "adagrad_step", w0, np.full(shape, 0.1, F32), grads, **hyper)
    opt = keras.optimizers.Adagrad(**hyper)  # initial_accumulator_value=0.1, epsilon=1e-7
    for step, ((w, _), expected) in enumerate(zip(mine, _keras_steps(tf, keras, opt, w0, grads), strict=True), 1):
        assert_array_matches(w, expected, **KERAS_F32, what=f"w after step {step}")


@pytest.mark.points("adagrad_step", weight=2)
@hidden_settings
@given(data=st.data(), lr=st.floats(1e-4, 1.0), epsilon=st.sampled_from([1e-7, 1e-3, 0.5]))
def test_adagrad_step_formula(learner, data, lr, epsilon):
    """adagrad_step returns (w - lr * grad / sqrt(acc' + epsilon), acc') for acc' = accumulator + grad**2."""
    shape = data.draw(_shapes(), label="shape")
    w = data.draw(_arrays(F64, shape), label="w")
    acc = np.abs(data.draw(_arrays(F64, shape), label="accumulator"))
    g = data.draw(_arrays(F64, shape), label="grad")
    got_w, got_a = _pair(
        learner.call("adagrad_step", w, acc, g, learning_rate=lr, epsilon=epsilon), ("w", "accumulator"), "adagrad_step"
    )
    new_a = acc + g**2
    assert_array_matches(got_a, new_a, **FORMULA_F64, what="accumulator")
    assert_array_matches(got_w, w - lr * g / np.sqrt(new_a + epsilon), **FORMULA_F64, what="w")


@pytest.mark.points("adagrad_step", weight=1)
def test_adagrad_step_epsilon_inside_root(learner):
    """A zero accumulator and tiny gradients: epsilon goes inside the square root, as Keras has it."""
    w = np.ones(3)
    acc = np.zeros(3)
    g = np.array([1e-5, -3e-4, 0.0])
    got_w, got_a = _pair(learner.call("adagrad_step", w, acc, g), ("w", "accumulator"), "adagrad_step")
    # epsilon outside the root (sqrt(acc) + 1e-7) moves the first weight 30x further
    assert_array_matches(got_a, g**2, **FORMULA_F64, what="accumulator")
    assert_array_matches(got_w, w - 0.001 * g / np.sqrt(g**2 + 1e-7), **FORMULA_F64, what="w")


@pytest.mark.points("adagrad_step", weight=1)
@pytest.mark.parametrize("dtype", [F32, F64], ids=["float32", "float64"])
def test_adagrad_step_dtype(learner, dtype):
    """adagrad_step keeps the dtype of w and accumulator with Python-float hyper-parameters (float32 stays float32)."""
    w = np.linspace(-1, 1, 6).reshape(3, 2).astype(dtype)
    acc = np.full((3, 2), 0.1, dtype=dtype)
    g = np.linspace(-2, 1, 6).reshape(3, 2).astype(dtype)
    got_w, got_a = _pair(
        learner.call("adagrad_step", w, acc, g, learning_rate=0.1), ("w", "accumulator"), "adagrad_step"
    )
    new_a = acc + g**2
    assert_array_matches(got_a, new_a, rtol=1e-6, atol=1e-7, what="accumulator")
    assert_array_matches(got_w, w - 0.1 * g / np.sqrt(new_a + 1e-7), rtol=1e-6, atol=1e-7, what="w")


@pytest.mark.points("adagrad_step", weight=1)
def test_adagrad_step_unmodified(learner):
    """adagrad_step returns new arrays: w, accumulator and grad (read-only here) are left unchanged."""
    w, a, g = np.ones((3,), F32), np.full((3,), 0.1, F32), np.full((3,), 2.0, F32)
    call_unmodified(learner, "adagrad_step", w, a, g)


@pytest.mark.points("adagrad_step", weight=1)
@pytest.mark.parametrize("which", ["accumulator", "grad"])
def test_adagrad_step_shape_mismatch(learner, which):
    """An accumulator or gradient of another shape than w raises ValueError naming the shapes (one suffices)."""
    w = np.zeros((2, 2), F32)
    bad = np.zeros((2,), F32)
    args = (w, bad, w) if which == "accumulator" else (w, w, bad)
    _expect_value_error(
        learner, "adagrad_step", *args, naming=(w.shape, bad.shape), case=f"w {w.shape}, {which} {bad.shape}"
    )


# ------------------------------------------------------------------------- minibatch_sgd
def _replay(x, y, w0, *, batch_size, learning_rate, epochs, seed):
    """Run the catalogue's loop here with the trusted least-squares function."""
    loss_and_grad = build_named("least_squares")
    rng = np.random.default_rng(seed)
    w = w0.copy()
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            batch = order[start : start + batch_size]
            loss, grad = loss_and_grad(w, x[batch], y[batch])
            w = w - learning_rate * grad
            losses.append(loss)
    return w, losses


def _lsq_data(seed: int, n: int, d: int, dtype=F64):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d)).astype(dtype)
    y = (x @ rng.standard_normal(d) + 0.1 * rng.standard_normal(n)).astype(dtype)
    return x, y


def _losses(got, function="minibatch_sgd") -> tuple[np.ndarray, np.ndarray]:
    w, losses = _pair(got, ("w", "losses"), function)
    if not isinstance(losses, list | tuple):
        fail(
            en=f"losses must be a list of floats, got {type(losses).__name__}",
            zh=f"losses 必须是浮点数列表，实际为 {type(losses).__name__}",
        )
    return w, np.array([float(v) for v in losses])


@pytest.mark.points("minibatch_sgd", weight=4)
@pytest.mark.parametrize(
    ("n", "batch_size", "epochs", "seed"),
    [(50, 8, 3, 0), (37, 10, 2, 5), (20, 1, 2, 3), (12, 32, 3, 9), (64, 16, 2, 123)],
    ids=["50/8", "37/10", "20/1", "12/32", "64/16"],
)
def test_minibatch_sgd_exact_replay(learner, n, batch_size, epochs, seed):
    """minibatch_sgd replays the catalogue's loop: one default_rng(seed), a permutation per epoch, slices of it."""
    x, y = _lsq_data(seed + 1, n, 3)
    w0 = np.array([0.5, -0.5, 1.0])
    kwargs = {"batch_size": batch_size, "learning_rate": 0.05, "epochs": epochs, "seed": seed}
    w, losses = _losses(learner.call("minibatch_sgd", named("least_squares"), w0, x, y, **kwargs))
    expected_w, expected_losses = _replay(x, y, w0, **kwargs)
    if losses.shape != (len(expected_losses),):
        fail(
            en=f"expected {len(expected_losses)} batch losses ({epochs} epochs of ceil({n}/{batch_size})), "
            f"got {losses.size}",
            zh=f"应有 {len(expected_losses)} 个批次损失（{epochs} 轮，每轮 ceil({n}/{batch_size}) 批），"
            f"实际 {losses.size} 个",
        )
    # the same operations in the same order; only the summation order inside a batch may differ
    assert_array_matches(losses, np.array(expected_losses), rtol=1e-9, atol=1e-12, what="losses")
    assert_array_matches(w, expected_w, rtol=1e-9, atol=1e-12, what="final weights")


@pytest.mark.points("minibatch_sgd", weight=2)
@pytest.mark.parametrize(("n", "batch_size", "epochs", "seed"), [(10, 4, 3, 0), (25, 7, 2, 42), (9, 9, 2, 1)], ids=str)
def test_minibatch_sgd_batches(learner, n, batch_size, epochs, seed):
    """minibatch_sgd visits the catalogue's batches: slices of a new permutation each epoch, the last one short."""
    ids = np.arange(n, dtype=F64)  # the probe's loss for a batch is sum(2 ** id) of its samples
    kwargs = {"batch_size": batch_size, "learning_rate": 0.5, "epochs": epochs, "seed": seed}
    w, losses = _losses(
        learner.call("minibatch_sgd", named("batch_probe"), np.zeros(2), ids.reshape(n, 1), ids, **kwargs)
    )
    rng = np.random.default_rng(seed)
    expected = []
    for _ in range(epochs):
        order = rng.permutation(n)
        expected += [sorted(order[s : s + batch_size].tolist()) for s in range(0, n, batch_size)]
    got = [sorted(i for i in range(n) if int(loss) >> i & 1) for loss in losses]
    for k, (g, e) in enumerate(zip(got, expected, strict=False)):
        if g != e:
            fail(
                en=f"batch {k} (epoch {k // math.ceil(n / batch_size)}) holds samples {g}, expected {e}",
                zh=f"第 {k} 个批次（第 {k // math.ceil(n / batch_size)} 轮）包含样本 {g}，应为 {e}",
            )
    if len(got) != len(expected):
        fail(
            en=f"{len(got)} batches, expected {len(expected)} ({epochs} epochs of ceil({n}/{batch_size}))",
            zh=f"共 {len(got)} 个批次，应为 {len(expected)} 个（{epochs} 轮，每轮 ceil({n}/{batch_size}) 批）",
        )
    # the probe's gradient is 1: one step of -learning_rate per batch
    assert_array_matches(w, np.full(2, -0.5 * len(expected)), rtol=1e-12, atol=1e-12, what="final weights")


@pytest.mark.points("minibatch_sgd", weight=1)
def test_minibatch_sgd_converges(learner):
    """minibatch_sgd on noiseless least squares (200 samples, 4 features) finds the true weights; the loss falls."""
    rng = np.random.default_rng(11)
    x = rng.standard_normal((200, 4))
    true_w = np.array([2.0, -1.0, 0.5, 3.0])
    w, losses = _losses(
        learner.call(
            "minibatch_sgd",
            named("least_squares"),
            np.zeros(4),
            x,
            x @ true_w,
            batch_size=16,
            learning_rate=0.05,
            epochs=20,
        )
    )
    assert_array_matches(w, true_w, rtol=0, atol=1e-4, what="final weights")
    if not losses[-13:].mean() < 1e-3 * losses[:13].mean():
        fail(
            en="the batch losses of the last epoch are not far below those of the first",
            zh="最后一轮的批次损失没有远低于第一轮",
        )


@pytest.mark.points("minibatch_sgd", weight=1)
def test_minibatch_sgd_dtype(learner):
    """minibatch_sgd keeps float32 weights float32 when the data and gradients are float32."""
    x, y = _lsq_data(4, 30, 2, F32)
    w0 = np.zeros(2, F32)
    w, _ = _losses(learner.call("minibatch_sgd", named("least_squares"), w0, x, y, batch_size=8, epochs=2))
    expected, _ = _replay(x, y, w0, batch_size=8, learning_rate=0.01, epochs=2, seed=0)
    assert_array_matches(w, expected, rtol=1e-5, atol=1e-6, what="final weights")


@pytest.mark.points("minibatch_sgd", weight=1)
def test_minibatch_sgd_unmodified(learner):
    """minibatch_sgd leaves w0, x and y (read-only here) unchanged."""
    x, y = _lsq_data(5, 20, 3)
    call_unmodified(learner, "minibatch_sgd", named("least_squares"), np.ones(3), x, y, batch_size=6, epochs=2)


@pytest.mark.points("minibatch_sgd", weight=1)
def test_minibatch_sgd_no_epochs(learner):
    """With epochs=0 minibatch_sgd returns the initial weights and no losses."""
    x, y = _lsq_data(6, 10, 2)
    w0 = np.array([1.5, -2.5])
    w, losses = _losses(learner.call("minibatch_sgd", named("least_squares"), w0, x, y, epochs=0))
    assert_array_matches(w, w0, rtol=0, atol=0, what="weights")
    if losses.size:
        fail(en=f"expected no losses, got {losses.size}", zh=f"应没有损失值，实际有 {losses.size} 个")


@pytest.mark.points("minibatch_sgd", weight=1)
def test_minibatch_sgd_length_mismatch(learner):
    """An x and a y with different numbers of samples raise ValueError naming their shapes (one suffices)."""
    x = np.zeros((10, 3))
    y = np.zeros(9)
    _expect_value_error(
        learner,
        "minibatch_sgd",
        named("least_squares"),
        np.zeros(3),
        x,
        y,
        naming=(x.shape, y.shape),
        case=f"x {x.shape}, y {y.shape}",
    )
