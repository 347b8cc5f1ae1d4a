"""Hidden grading suite for ``losses`` (loss functions, 3.1.3; sigmoid gradients, 2.4.4).

References (exercise catalogue): ``keras.losses.mean_squared_error``,
``binary_crossentropy``, ``categorical_crossentropy`` and
``sparse_categorical_crossentropy`` (Keras 3, TensorFlow backend), per sample, with
``y_pred`` clipped to ``[1e-7, 1 - 1e-7]`` in its own dtype and the categorical rows
renormalised; ``tf.GradientTape`` for ``mse_sigmoid_grad`` and ``bce_sigmoid_grad``.
Between the Keras comparisons, NumPy float64 re-implementations of the same formulas check
random shapes and values drawn by hypothesis.

Keras's sparse loss clips ``y_pred`` *before* renormalising (through a softmax of the log)
while the catalogue describes renormalising first; the sparse cases below only use rows
that sum to 1 or whose values all lie inside the clip range, where the two orders agree to
within ``d * 1e-7``, so both readings pass.

Both gradient checks for numerical stability (``test_*_sigmoid_grad_no_overflow``) come
first among the gradient tests: Python prints a RuntimeWarning only once per source line,
and the other gradient tests keep ``|z|`` small enough (40 in float32, 100 in float64) not
to overflow even an unstable sigmoid. The learner process does not turn warnings into
errors and an unstable ``1 / (1 + np.exp(-z))`` still gives the right values, so these
checks read the RuntimeWarnings NumPy printed to the learner's captured output during the
call (``IsolatedLearner.output``), or catch them directly for an in-process learner.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.authoring.testing import (
    assert_array_matches,
    cached_reference,
    call_unmodified,
    expect_raises,
    fail,
    hidden_settings,
)

F32, F64 = np.float32, np.float64
DTYPES = st.sampled_from([F32, F64])
DTYPE_IDS = ["float32", "float64"]
EPSILON = 1e-7  # keras.config.epsilon()

# Losses. float32: a few ulps of values up to -log(1e-7) = 16.1 summed over <= 8 terms;
# the atol covers terms such as -log(1 - 1e-7) ~ 1.2e-7 that round differently.
# float64: round-off only.
TOL = {F32: {"rtol": 1e-5, "atol": 1e-5}, F64: {"rtol": 1e-9, "atol": 1e-9}}
# Sparse loss where clipping is active: Keras (clip, then renormalise) and the catalogue
# (renormalise, then clip) differ by up to d * 1e-7 on rows that sum to 1.
SPARSE_CLIP_TOL = {F32: {"rtol": 1e-5, "atol": 1e-5}, F64: {"rtol": 1e-9, "atol": 2e-6}}
# Gradients: float32 sigmoid is good to ~1 ulp of 1 (6e-8 absolute); s * (1 - s) loses
# all relative accuracy once 1 - s rounds (|z| > 17 in float32, > 37 in float64), hence
# the absolute tolerances.
GRAD_TOL = {F32: {"rtol": 1e-5, "atol": 1e-6}, F64: {"rtol": 1e-9, "atol": 1e-12}}

BATCH = st.tuples(st.integers(0, 6), st.integers(1, 6))  # (n, d): empty batch and 1x1 too
GRAD_SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5)
GRAD_BOUND = {F32: 40.0, F64: 100.0}  # no overflow even for 1 / (1 + exp(-z)) ** 2
LARGE_Z = [-1000.0, -200.0, -100.0, -40.0, -20.0, 0.0, 20.0, 40.0, 100.0, 200.0, 1000.0]


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


def _floats(dtype, lo: float, hi: float) -> st.SearchStrategy:
    width = 8 * np.dtype(dtype).itemsize
    lo, hi = float(np.dtype(dtype).type(lo)), float(np.dtype(dtype).type(hi))  # representable bounds
    return st.floats(lo, hi, width=width, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def _draw_array(data, dtype, shape, lo: float, hi: float, *, label: str) -> np.ndarray:
    return data.draw(hnp.arrays(np.dtype(dtype), shape, elements=_floats(dtype, lo, hi)), label=label)


def _draw_labels(data, n: int, d: int, dtype=np.int64) -> np.ndarray:
    return data.draw(hnp.arrays(np.dtype(dtype), (n,), elements=st.integers(0, d - 1)), label="labels")


def _softmax_rows(rng: np.random.Generator, n: int, d: int, dtype, scale: float = 3.0) -> np.ndarray:
    logits = rng.normal(0.0, scale, (n, d))
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)).astype(dtype)


def _one_hot(labels: np.ndarray, d: int, dtype) -> np.ndarray:
    return np.eye(d, dtype=dtype)[labels]


@cached_reference  # same derandomised inputs for every submission: compute once per session
def _keras_loss(keras, name: str, y_true, y_pred) -> np.ndarray:
    return np.asarray(getattr(keras.losses, name)(y_true, y_pred))


def _clipped(y_pred: np.ndarray) -> np.ndarray:
    """y_pred clipped to [eps, 1 - eps] with both bounds in y_pred's dtype, as Keras does."""
    eps = y_pred.dtype.type(EPSILON)
    return np.clip(y_pred, eps, 1 - eps)


def _ref_mse(y_true, y_pred) -> np.ndarray:
    diff = y_true.astype(y_pred.dtype).astype(F64) - y_pred.astype(F64)
    return np.mean(diff * diff, axis=-1)


def _ref_bce(y_true, y_pred) -> np.ndarray:
    p = _clipped(y_pred)
    q = 1 - p  # in y_pred's dtype, as Keras computes it
    t = y_true.astype(y_pred.dtype).astype(F64)
    return -np.mean(t * np.log(p.astype(F64)) + (1 - t) * np.log(q.astype(F64)), axis=-1)


def _ref_cce(y_true, y_pred) -> np.ndarray:
    p = _clipped(y_pred / y_pred.sum(axis=-1, keepdims=True)).astype(F64)
    t = y_true.astype(y_pred.dtype).astype(F64)
    return -np.sum(t * np.log(p), axis=-1)


def _ref_scce(labels, y_pred) -> np.ndarray:
    p = _clipped(y_pred / y_pred.sum(axis=-1, keepdims=True)).astype(F64)
    return -np.log(p[np.arange(len(labels)), labels])


def _sigmoid64(z) -> tuple[np.ndarray, np.ndarray]:
    """(sigmoid(z), sigmoid'(z)) in float64, accurate for any z."""
    z = np.asarray(z, dtype=F64)
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return s, e / ((1 + e) * (1 + e))


def _ref_mse_grad(z, y) -> np.ndarray:
    s, ds = _sigmoid64(z)
    return (s - np.asarray(y, dtype=F64)) * ds


def _ref_bce_grad(z, y) -> np.ndarray:
    s, _ = _sigmoid64(z)
    return s - np.asarray(y, dtype=F64)


@cached_reference  # same derandomised inputs for every submission: compute once per session
def _tape_grads(tf, z: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both gradients dC/dz element-wise, by tf.GradientTape.

    C = (y - sigmoid(z))**2 / 2, and binary crossentropy on sigmoid(z) as
    tf.nn.sigmoid_cross_entropy_with_logits computes it (no clipping).
    """
    zt = tf.constant(z)
    yt = tf.constant(y)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(zt)
        mse = tf.square(yt - tf.sigmoid(zt)) / 2
        bce = tf.nn.sigmoid_cross_entropy_with_logits(labels=yt, logits=zt)
    return np.asarray(tape.gradient(mse, zt)), np.asarray(tape.gradient(bce, zt))


def _elementwise(got):
    """Accept a NumPy scalar for 0-D inputs: NumPy's own element-wise operations give one."""
    return np.asarray(got) if isinstance(got, np.generic) else got


def _expect_shape(got, shape: tuple[int, ...], function: str) -> None:
    if not isinstance(got, np.ndarray):
        fail(
            en=f"{function}: returned {type(got).__name__}, expected a NumPy array of shape {shape}",
            zh=f"{function}：返回了 {type(got).__name__}，应为形状为 {shape} 的 NumPy 数组",
        )
    if got.shape != shape:
        fail(
            en=f"{function}: result has shape {got.shape}, expected {shape} (one value per sample)",
            zh=f"{function}：结果形状为 {got.shape}，应为 {shape}（每个样本一个值）",
        )


def _call_without_warnings(learner, function: str, *args):
    """Call and fail if the learner's code raised a RuntimeWarning (overflow, divide, invalid).

    The runner records the warnings of every call (``CallRecord.warnings``), in the
    learner's process or in-process alike.
    """
    record = learner.run(function, args)
    got = record.value
    seen = [w for w in record.warnings if w.startswith("RuntimeWarning")]
    if seen:
        fail(
            en=f"{function} is not numerically stable for large |z|: NumPy warned {seen[0]!r}",
            zh=f"{function} 对很大的 |z| 数值不稳定：NumPy 发出警告 {seen[0]!r}",
        )
    return got


# The wrong-shape cases shared by the three losses taking (n, d) targets.
SAME_SHAPE_BAD = [
    pytest.param((2, 3), (2, 4), id="columns-differ"),
    pytest.param((3, 2), (2, 3), id="transposed"),
    pytest.param((4, 3), (5, 3), id="rows-differ"),
    pytest.param((3,), (3,), id="1D"),
    pytest.param((2, 3, 4), (2, 3, 4), id="3D"),
]


def _bad_shape_inputs(shape_true, shape_pred):
    y_true = np.full(shape_true, 0.5)
    y_pred = np.full(shape_pred, 0.25)
    return y_true, y_pred, tuple(dict.fromkeys([str(y_true.shape), str(y_pred.shape)]))


# ================================================================= mean_squared_error
@pytest.mark.points("mean_squared_error", weight=1)
@hidden_settings
@given(data=st.data(), batch=BATCH)
def test_mse_shape(learner, data, batch):
    """mean_squared_error returns one value per sample: shape (n,) for (n, d) inputs (n = 0 and 1x1 too)."""
    y_true = _draw_array(data, F32, batch, -5, 5, label="y_true")
    y_pred = _draw_array(data, F32, batch, -5, 5, label="y_pred")
    _expect_shape(learner.call("mean_squared_error", y_true, y_pred), (batch[0],), "mean_squared_error")


@pytest.mark.points("mean_squared_error", weight=1.5)
@pytest.mark.parametrize("dtype", [F32, F64], ids=DTYPE_IDS)
def test_mse_matches_keras(learner, keras, dtype):
    """mean_squared_error equals keras.losses.mean_squared_error on a seeded (7, 5) batch."""
    rng = np.random.default_rng(1)
    y_true = rng.normal(0, 3, (7, 5)).astype(dtype)
    y_pred = rng.normal(0, 3, (7, 5)).astype(dtype)
    got = learner.call("mean_squared_error", y_true, y_pred)
    expected = _keras_loss(keras, "mean_squared_error", y_true, y_pred)
    assert_array_matches(got, expected, check_dtype=False, **TOL[dtype])


@pytest.mark.points("mean_squared_error", weight=2)
@hidden_settings
@given(data=st.data(), batch=BATCH, dtype=DTYPES)
def test_mse_random_values(learner, data, batch, dtype):
    """mean_squared_error equals mean((y_true - y_pred)**2, axis=-1) on random batches with values in [-100, 100]."""
    y_true = _draw_array(data, dtype, batch, -100, 100, label="y_true")
    y_pred = _draw_array(data, dtype, batch, -100, 100, label="y_pred")
    got = learner.call("mean_squared_error", y_true, y_pred)
    assert_array_matches(got, _ref_mse(y_true, y_pred), check_dtype=False, **TOL[dtype])


@pytest.mark.points("mean_squared_error", weight=0.2)
@pytest.mark.parametrize(
    ("true_dtype", "pred_dtype"),
    [(F32, F32), (F64, F64), (F64, F32), (np.int64, F32), (F32, F64)],
    ids=["f32-f32", "f64-f64", "f64-f32", "int64-f32", "f32-f64"],
)
def test_mse_dtype(learner, true_dtype, pred_dtype):
    """The result has y_pred's dtype, whatever y_true's (Keras casts y_true to y_pred's dtype)."""
    y_true = np.array([[0, 1, 2], [3, 1, 0]], dtype=true_dtype)
    y_pred = np.array([[0.5, 1.0, 2.5], [2.0, 1.0, 0.0]], dtype=pred_dtype)
    got = learner.call("mean_squared_error", y_true, y_pred)
    expected = _ref_mse(y_true, y_pred).astype(pred_dtype)
    assert_array_matches(got, expected, **TOL[pred_dtype])


@pytest.mark.points("mean_squared_error", weight=1)
def test_mse_empty_batch(learner):
    """An empty float32 batch (0, 3) gives an empty float32 result of shape (0,)."""
    y = np.zeros((0, 3), dtype=F32)
    got = learner.call("mean_squared_error", y, y.copy())
    assert_array_matches(got, np.zeros(0, dtype=F32), rtol=0, atol=0)


@pytest.mark.points("mean_squared_error", weight=0.2)
@pytest.mark.parametrize(("shape_true", "shape_pred"), SAME_SHAPE_BAD)
def test_mse_rejects_bad_shapes(learner, shape_true, shape_pred):
    """Mismatched shapes or inputs that are not 2D raise ValueError naming the shapes."""
    y_true, y_pred, mentions = _bad_shape_inputs(shape_true, shape_pred)
    expect_raises(learner, "ValueError", "mean_squared_error", y_true, y_pred, mentions=mentions)


@pytest.mark.points("mean_squared_error", weight=1)
def test_mse_unmodified(learner):
    """mean_squared_error leaves y_true and y_pred (read-only here) unchanged."""
    rng = np.random.default_rng(2)
    y_true = rng.normal(size=(4, 3)).astype(F32)
    y_pred = rng.normal(size=(4, 3)).astype(F32)
    call_unmodified(learner, "mean_squared_error", y_true, y_pred)


# ================================================================ binary_crossentropy
@pytest.mark.points("binary_crossentropy", weight=1)
@hidden_settings
@given(data=st.data(), batch=BATCH)
def test_bce_shape(learner, data, batch):
    """binary_crossentropy returns one value per sample: shape (n,) for (n, d) inputs (n = 0 and 1x1 too)."""
    y_true = data.draw(hnp.arrays(F32, batch, elements=st.sampled_from([0.0, 1.0])), label="y_true")
    y_pred = _draw_array(data, F32, batch, 0, 1, label="y_pred")
    _expect_shape(learner.call("binary_crossentropy", y_true, y_pred), (batch[0],), "binary_crossentropy")


@pytest.mark.points("binary_crossentropy", weight=1.5)
@pytest.mark.parametrize("dtype", [F32, F64], ids=DTYPE_IDS)
def test_bce_matches_keras(learner, keras, dtype):
    """binary_crossentropy equals keras.losses.binary_crossentropy on a seeded (8, 3) batch of 0/1 targets."""
    rng = np.random.default_rng(3)
    y_true = rng.integers(0, 2, (8, 3)).astype(dtype)
    y_pred = rng.uniform(0.001, 0.999, (8, 3)).astype(dtype)
    got = learner.call("binary_crossentropy", y_true, y_pred)
    expected = _keras_loss(keras, "binary_crossentropy", y_true, y_pred)
    assert_array_matches(got, expected, check_dtype=False, **TOL[dtype])


@pytest.mark.points("binary_crossentropy", weight=2)
@hidden_settings
@given(data=st.data(), batch=BATCH, dtype=DTYPES)
def test_bce_random_values(learner, data, batch, dtype):
    """binary_crossentropy equals -mean(t log p + (1-t) log(1-p)) (p clipped) on random batches, 0 and 1 included."""
    y_true = data.draw(hnp.arrays(dtype, batch, elements=st.sampled_from([0.0, 1.0])), label="y_true")
    # one value in three exactly 0 or 1, where the clipping matters
    elements = st.one_of(_floats(dtype, 0, 1), _floats(dtype, 0, 1), st.sampled_from([0.0, 1.0]))
    y_pred = data.draw(hnp.arrays(dtype, batch, elements=elements), label="y_pred")
    got = learner.call("binary_crossentropy", y_true, y_pred)
    assert_array_matches(got, _ref_bce(y_true, y_pred), check_dtype=False, **TOL[dtype])


@pytest.mark.points("binary_crossentropy", weight=2)
def test_bce_clips_float32(learner, keras):
    """float32 predictions of exactly 0 and 1 are clipped to [1e-7, 1 - 1e-7] in float32, as Keras does.

    In float32, 1 - 1e-7 rounds to 0.99999988, so a certain wrong prediction costs
    -log(1.19e-7) = 15.94, not -log(1e-7) = 16.12 (clipping in float64 gives the latter).
    """
    y_true = np.array([[1, 0], [0, 1], [1, 1], [0, 0]], dtype=F32)
    y_pred = np.array([[0, 1], [1, 0], [1, 1], [0, 0]], dtype=F32)
    got = learner.call("binary_crossentropy", y_true, y_pred)
    expected = _keras_loss(keras, "binary_crossentropy", y_true, y_pred)
    assert_array_matches(got, expected, check_dtype=False, **TOL[F32])


@pytest.mark.points("binary_crossentropy", weight=1)
def test_bce_clips_float64(learner, keras):
    """float64 predictions of exactly 0 and 1 are clipped to [1e-7, 1 - 1e-7]: a certain miss costs -log(1e-7)."""
    y_true = np.array([[1, 0, 1], [0, 1, 0]], dtype=F64)
    y_pred = np.array([[0, 1, 1], [0, 0, 0.5]], dtype=F64)
    got = learner.call("binary_crossentropy", y_true, y_pred)
    expected = _keras_loss(keras, "binary_crossentropy", y_true, y_pred)
    assert_array_matches(got, expected, check_dtype=False, **TOL[F64])


@pytest.mark.points("binary_crossentropy", weight=0.5)
@pytest.mark.parametrize("dtype", [F32, F64], ids=DTYPE_IDS)
def test_bce_soft_targets(learner, keras, dtype):
    """Soft targets in [0, 1] (not only 0/1) give Keras's values: t log p + (1 - t) log(1 - p) for any t."""
    rng = np.random.default_rng(4)
    y_true = rng.uniform(0, 1, (6, 4)).astype(dtype)
    y_pred = rng.uniform(0.01, 0.99, (6, 4)).astype(dtype)
    got = learner.call("binary_crossentropy", y_true, y_pred)
    expected = _keras_loss(keras, "binary_crossentropy", y_true, y_pred)
    assert_array_matches(got, expected, check_dtype=False, **TOL[dtype])


@pytest.mark.points("binary_crossentropy", weight=0.2)
@pytest.mark.parametrize(
    ("true_dtype", "pred_dtype"),
    [(F32, F32), (F64, F64), (F64, F32), (np.int64, F32), (F32, F64)],
    ids=["f32-f32", "f64-f64", "f64-f32", "int64-f32", "f32-f64"],
)
def test_bce_dtype(learner, true_dtype, pred_dtype):
    """The result has y_pred's dtype, whatever y_true's (Keras casts y_true to y_pred's dtype)."""
    y_true = np.array([[0, 1, 1], [1, 0, 0]], dtype=true_dtype)
    y_pred = np.array([[0.25, 0.5, 0.75], [0.125, 0.5, 0.875]], dtype=pred_dtype)
    got = learner.call("binary_crossentropy", y_true, y_pred)
    assert_array_matches(got, _ref_bce(y_true, y_pred).astype(pred_dtype), **TOL[pred_dtype])


@pytest.mark.points("binary_crossentropy", weight=1)
def test_bce_empty_batch(learner):
    """An empty float32 batch (0, 2) gives an empty float32 result of shape (0,)."""
    y = np.zeros((0, 2), dtype=F32)
    got = learner.call("binary_crossentropy", y, y.copy())
    assert_array_matches(got, np.zeros(0, dtype=F32), rtol=0, atol=0)


@pytest.mark.points("binary_crossentropy", weight=0.2)
@pytest.mark.parametrize(("shape_true", "shape_pred"), SAME_SHAPE_BAD)
def test_bce_rejects_bad_shapes(learner, shape_true, shape_pred):
    """Mismatched shapes or inputs that are not 2D raise ValueError naming the shapes."""
    y_true, y_pred, mentions = _bad_shape_inputs(shape_true, shape_pred)
    expect_raises(learner, "ValueError", "binary_crossentropy", y_true, y_pred, mentions=mentions)


@pytest.mark.points("binary_crossentropy", weight=1)
def test_bce_unmodified(learner):
    """binary_crossentropy leaves y_true and y_pred (read-only here, with 0s and 1s to clip) unchanged."""
    y_true = np.array([[1, 0, 1], [0, 1, 0]], dtype=F32)
    y_pred = np.array([[0, 1, 0.5], [0.25, 1, 0]], dtype=F32)
    call_unmodified(learner, "binary_crossentropy", y_true, y_pred)


# =========================================================== categorical_crossentropy
@pytest.mark.points("categorical_crossentropy", weight=1)
@hidden_settings
@given(data=st.data(), batch=BATCH)
def test_cce_shape(learner, data, batch):
    """categorical_crossentropy returns one value per sample: shape (n,) for (n, d) inputs (n = 0 and 1x1 too)."""
    n, d = batch
    y_true = _one_hot(_draw_labels(data, n, d), d, F32)
    y_pred = _draw_array(data, F32, batch, 0.01, 1, label="y_pred")
    _expect_shape(learner.call("categorical_crossentropy", y_true, y_pred), (n,), "categorical_crossentropy")


@pytest.mark.points("categorical_crossentropy", weight=1.5)
@pytest.mark.parametrize("dtype", [F32, F64], ids=DTYPE_IDS)
def test_cce_matches_keras(learner, keras, dtype):
    """categorical_crossentropy equals keras.losses.categorical_crossentropy on seeded softmax rows, one-hot targets."""
    rng = np.random.default_rng(5)
    y_pred = _softmax_rows(rng, 8, 5, dtype)
    y_true = _one_hot(rng.integers(0, 5, 8), 5, dtype)
    got = learner.call("categorical_crossentropy", y_true, y_pred)
    expected = _keras_loss(keras, "categorical_crossentropy", y_true, y_pred)
    assert_array_matches(got, expected, check_dtype=False, **TOL[dtype])


@pytest.mark.points("categorical_crossentropy", weight=2)
@hidden_settings
@given(data=st.data(), batch=BATCH, dtype=DTYPES)
def test_cce_random_values(learner, data, batch, dtype):
    """categorical_crossentropy equals -sum(t log(clip(p / sum p))) on random positive rows and one-hot targets."""
    n, d = batch
    y_true = _one_hot(_draw_labels(data, n, d), d, dtype)
    y_pred = _draw_array(data, dtype, batch, 0.01, 1, label="y_pred")
    got = learner.call("categorical_crossentropy", y_true, y_pred)
    assert_array_matches(got, _ref_cce(y_true, y_pred), check_dtype=False, **TOL[dtype])


@pytest.mark.points("categorical_crossentropy", weight=1)
@pytest.mark.parametrize("dtype", [F32, F64], ids=DTYPE_IDS)
def test_cce_renormalises(learner, keras, dtype):
    """Rows of y_pred not summing to 1 (values in [0.1, 3]) are divided by their sum before clipping, as in Keras."""
    rng = np.random.default_rng(6)
    y_pred = rng.uniform(0.1, 3.0, (6, 4)).astype(dtype)
    y_true = _one_hot(rng.integers(0, 4, 6), 4, dtype)
    got = learner.call("categorical_crossentropy", y_true, y_pred)
    expected = _keras_loss(keras, "categorical_crossentropy", y_true, y_pred)
    assert_array_matches(got, expected, check_dtype=False, **TOL[dtype])


@pytest.mark.points("categorical_crossentropy", weight=1)
@pytest.mark.parametrize("dtype", [F32, F64], ids=DTYPE_IDS)
def test_cce_clips(learner, keras, dtype):
    """Probabilities of exactly 0 and 1 are clipped to [1e-7, 1 - 1e-7]: a certain miss costs -log(1e-7) = 16.12."""
    y_true = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1]], dtype=dtype)
    y_pred = np.array([[0, 1, 0], [0, 1, 0], [0.5, 0.5, 0], [0.2, 0, 0.8]], dtype=dtype)
    got = learner.call("categorical_crossentropy", y_true, y_pred)
    expected = _keras_loss(keras, "categorical_crossentropy", y_true, y_pred)
    assert_array_matches(got, expected, check_dtype=False, **TOL[dtype])


@pytest.mark.points("categorical_crossentropy", weight=0.5)
@pytest.mark.parametrize("dtype", [F32, F64], ids=DTYPE_IDS)
def test_cce_soft_targets(learner, keras, dtype):
    """Soft targets (any distribution per row, e.g. label smoothing) give Keras's values: -sum_j t_j log p_j."""
    rng = np.random.default_rng(7)
    y_true = _softmax_rows(rng, 5, 4, dtype, scale=1.0)
    y_pred = _softmax_rows(rng, 5, 4, dtype)
    got = learner.call("categorical_crossentropy", y_true, y_pred)
    expected = _keras_loss(keras, "categorical_crossentropy", y_true, y_pred)
    assert_array_matches(got, expected, check_dtype=False, **TOL[dtype])


@pytest.mark.points("categorical_crossentropy", weight=0.2)
@pytest.mark.parametrize(
    ("true_dtype", "pred_dtype"),
    [(F32, F32), (F64, F64), (F64, F32), (np.int64, F32), (F32, F64)],
    ids=["f32-f32", "f64-f64", "f64-f32", "int64-f32", "f32-f64"],
)
def test_cce_dtype(learner, true_dtype, pred_dtype):
    """The result has y_pred's dtype, whatever y_true's (Keras casts y_true to y_pred's dtype)."""
    y_true = np.array([[0, 1, 0], [0, 0, 1]], dtype=true_dtype)
    y_pred = np.array([[0.25, 0.5, 0.25], [0.125, 0.25, 0.625]], dtype=pred_dtype)
    got = learner.call("categorical_crossentropy", y_true, y_pred)
    assert_array_matches(got, _ref_cce(y_true, y_pred).astype(pred_dtype), **TOL[pred_dtype])


@pytest.mark.points("categorical_crossentropy", weight=1)
def test_cce_empty_batch(learner):
    """An empty float32 batch (0, 4) gives an empty float32 result of shape (0,)."""
    y = np.zeros((0, 4), dtype=F32)
    got = learner.call("categorical_crossentropy", y, y.copy())
    assert_array_matches(got, np.zeros(0, dtype=F32), rtol=0, atol=0)


@pytest.mark.points("categorical_crossentropy", weight=0.2)
@pytest.mark.parametrize(("shape_true", "shape_pred"), SAME_SHAPE_BAD)
def test_cce_rejects_bad_shapes(learner, shape_true, shape_pred):
    """Mismatched shapes or inputs that are not 2D raise ValueError naming the shapes."""
    y_true, y_pred, mentions = _bad_shape_inputs(shape_true, shape_pred)
    expect_raises(learner, "ValueError", "categorical_crossentropy", y_true, y_pred, mentions=mentions)


@pytest.mark.points("categorical_crossentropy", weight=1)
def test_cce_unmodified(learner):
    """categorical_crossentropy leaves y_true and y_pred (read-only here, rows not summing to 1) unchanged."""
    y_true = np.array([[0, 1, 0], [1, 0, 0]], dtype=F32)
    y_pred = np.array([[0.5, 1.5, 0.0], [0.2, 0.2, 0.2]], dtype=F32)
    call_unmodified(learner, "categorical_crossentropy", y_true, y_pred)


# ==================================================== sparse_categorical_crossentropy
@pytest.mark.points("sparse_categorical_crossentropy", weight=1)
@hidden_settings
@given(data=st.data(), batch=BATCH)
def test_scce_shape(learner, data, batch):
    """sparse_categorical_crossentropy returns one value per sample: shape (n,) for labels (n,) and y_pred (n, d)."""
    n, d = batch
    labels = _draw_labels(data, n, d)
    y_pred = _draw_array(data, F32, batch, 0.01, 0.99, label="y_pred")
    got = learner.call("sparse_categorical_crossentropy", labels, y_pred)
    _expect_shape(got, (n,), "sparse_categorical_crossentropy")


@pytest.mark.points("sparse_categorical_crossentropy", weight=1.5)
@pytest.mark.parametrize("dtype", [F32, F64], ids=DTYPE_IDS)
def test_scce_matches_keras(learner, keras, dtype):
    """sparse_categorical_crossentropy equals keras.losses.sparse_categorical_crossentropy on seeded softmax rows."""
    rng = np.random.default_rng(8)
    y_pred = _softmax_rows(rng, 9, 6, dtype)
    labels = rng.integers(0, 6, 9)
    got = learner.call("sparse_categorical_crossentropy", labels, y_pred)
    expected = _keras_loss(keras, "sparse_categorical_crossentropy", labels, y_pred)
    assert_array_matches(got, expected, check_dtype=False, **SPARSE_CLIP_TOL[dtype])


@pytest.mark.points("sparse_categorical_crossentropy", weight=2)
@hidden_settings
@given(data=st.data(), batch=BATCH, dtype=DTYPES, label_dtype=st.sampled_from([np.int64, np.int32, np.uint8]))
def test_scce_random_values(learner, data, batch, dtype, label_dtype):
    """sparse_categorical_crossentropy equals -log(p[i, label_i]) of the renormalised, clipped rows.

    Values in [0.01, 0.99]; int64, int32 or uint8 labels.
    """
    n, d = batch
    labels = _draw_labels(data, n, d, label_dtype)
    y_pred = _draw_array(data, dtype, batch, 0.01, 0.99, label="y_pred")
    got = learner.call("sparse_categorical_crossentropy", labels, y_pred)
    # d = 1: -log(1 - 1e-7) (renormalise, then clip) vs 0 (Keras: clip, then renormalise)
    assert_array_matches(got, _ref_scce(labels.astype(np.int64), y_pred), check_dtype=False, **SPARSE_CLIP_TOL[dtype])


@pytest.mark.points("sparse_categorical_crossentropy", weight=1)
@pytest.mark.parametrize("dtype", [F32, F64], ids=DTYPE_IDS)
def test_scce_renormalises(learner, keras, dtype):
    """Rows of y_pred that do not sum to 1 (values in [0.05, 0.95]) are renormalised, as in Keras."""
    rng = np.random.default_rng(9)
    y_pred = rng.uniform(0.05, 0.95, (7, 4)).astype(dtype)
    labels = rng.integers(0, 4, 7)
    got = learner.call("sparse_categorical_crossentropy", labels, y_pred)
    expected = _keras_loss(keras, "sparse_categorical_crossentropy", labels, y_pred)
    assert_array_matches(got, expected, check_dtype=False, **TOL[dtype])


@pytest.mark.points("sparse_categorical_crossentropy", weight=1)
@pytest.mark.parametrize("dtype", [F32, F64], ids=DTYPE_IDS)
def test_scce_clips(learner, keras, dtype):
    """Probabilities of exactly 0 and 1 (rows summing to 1) are clipped: a certain miss costs -log(1e-7) = 16.12."""
    y_pred = np.array([[0, 1, 0], [0, 1, 0], [0.5, 0.5, 0], [0.2, 0, 0.8]], dtype=dtype)
    labels = np.array([0, 1, 2, 2])
    got = learner.call("sparse_categorical_crossentropy", labels, y_pred)
    expected = _keras_loss(keras, "sparse_categorical_crossentropy", labels, y_pred)
    assert_array_matches(got, expected, check_dtype=False, **SPARSE_CLIP_TOL[dtype])


@pytest.mark.points("sparse_categorical_crossentropy", weight=0.5)
@pytest.mark.parametrize("dtype", [F32, F64], ids=DTYPE_IDS)
def test_scce_dtype(learner, dtype):
    """The result has y_pred's dtype (int64 labels do not turn a float32 loss into float64)."""
    labels = np.array([1, 2, 0])
    y_pred = np.array([[0.25, 0.5, 0.25], [0.125, 0.25, 0.625], [0.5, 0.25, 0.25]], dtype=dtype)
    got = learner.call("sparse_categorical_crossentropy", labels, y_pred)
    assert_array_matches(got, _ref_scce(labels, y_pred).astype(dtype), **TOL[dtype])


@pytest.mark.points("sparse_categorical_crossentropy", weight=1)
def test_scce_empty_batch(learner):
    """An empty batch (labels (0,), y_pred (0, 3) float32) gives an empty float32 result of shape (0,)."""
    got = learner.call("sparse_categorical_crossentropy", np.zeros(0, dtype=np.int64), np.zeros((0, 3), dtype=F32))
    assert_array_matches(got, np.zeros(0, dtype=F32), rtol=0, atol=0)


@pytest.mark.points("sparse_categorical_crossentropy", weight=0.2)
@pytest.mark.parametrize(
    ("shape_true", "shape_pred"),
    [
        pytest.param((3,), (4, 5), id="lengths-differ"),
        pytest.param((5,), (4, 5), id="labels-like-columns"),
        pytest.param((2,), (2, 3, 4), id="y_pred-3D"),
        pytest.param((2, 3), (2, 3), id="y_true-2D"),
        pytest.param((4,), (4,), id="y_pred-1D"),
    ],
)
def test_scce_rejects_bad_shapes(learner, shape_true, shape_pred):
    """Labels that are not (n,) for a 2D y_pred (n, d) raise ValueError naming the shapes."""
    labels = np.zeros(shape_true, dtype=np.int64)
    y_pred = np.full(shape_pred, 0.25)
    mentions = tuple(dict.fromkeys([str(labels.shape), str(y_pred.shape)]))
    expect_raises(learner, "ValueError", "sparse_categorical_crossentropy", labels, y_pred, mentions=mentions)


@pytest.mark.points("sparse_categorical_crossentropy", weight=1)
def test_scce_unmodified(learner):
    """sparse_categorical_crossentropy leaves labels and y_pred (read-only here) unchanged."""
    labels = np.array([2, 0, 1])
    y_pred = np.array([[0.5, 1.5, 0.0], [0.2, 0.2, 0.2], [0.1, 0.7, 0.2]], dtype=F32)
    call_unmodified(learner, "sparse_categorical_crossentropy", labels, y_pred)


# ======================================================= gradients: stability first
@pytest.mark.points("mse_sigmoid_grad", weight=1)
@pytest.mark.parametrize("dtype", [F32, F64], ids=DTYPE_IDS)
def test_mse_sigmoid_grad_no_overflow(learner, dtype):
    """mse_sigmoid_grad at z = +-20 ... +-1000: finite, ~0 when saturated, and no overflow warning from NumPy."""
    z = np.array(LARGE_Z, dtype=dtype)
    y = np.resize(np.array([0.0, 1.0, 0.25], dtype=dtype), z.shape)
    got = _call_without_warnings(learner, "mse_sigmoid_grad", z, y)
    assert_array_matches(got, _ref_mse_grad(z, y), check_dtype=False, **GRAD_TOL[dtype])


@pytest.mark.points("bce_sigmoid_grad", weight=1)
@pytest.mark.parametrize("dtype", [F32, F64], ids=DTYPE_IDS)
def test_bce_sigmoid_grad_no_overflow(learner, dtype):
    """bce_sigmoid_grad at z = +-20 ... +-1000: finite, sigmoid(z) - y, and no overflow warning from NumPy."""
    z = np.array(LARGE_Z, dtype=dtype)
    y = np.resize(np.array([0.0, 1.0, 0.25], dtype=dtype), z.shape)
    got = _call_without_warnings(learner, "bce_sigmoid_grad", z, y)
    assert_array_matches(got, _ref_bce_grad(z, y), check_dtype=False, **GRAD_TOL[dtype])


# =================================================================== mse_sigmoid_grad
@pytest.mark.points("mse_sigmoid_grad", weight=1)
@hidden_settings
@given(data=st.data(), shape=GRAD_SHAPES)
def test_mse_sigmoid_grad_shape(learner, data, shape):
    """mse_sigmoid_grad works element-wise: the result has z's shape (0-D to 3-D, empty axes too)."""
    z = _draw_array(data, F64, shape, -10, 10, label="z")
    y = _draw_array(data, F64, shape, 0, 1, label="y")
    _expect_shape(_elementwise(learner.call("mse_sigmoid_grad", z, y)), shape, "mse_sigmoid_grad")


@pytest.mark.points("mse_sigmoid_grad", weight=1.5)
@pytest.mark.parametrize("dtype", [F32, F64], ids=DTYPE_IDS)
def test_mse_sigmoid_grad_matches_gradient_tape(learner, tf, dtype):
    """mse_sigmoid_grad equals tf.GradientTape's dC/dz of C = (y - sigmoid(z))**2 / 2 on seeded (4, 5) inputs."""
    rng = np.random.default_rng(10)
    z = rng.normal(0, 6, (4, 5)).astype(dtype)
    y = rng.uniform(0, 1, (4, 5)).astype(dtype)
    got = _elementwise(learner.call("mse_sigmoid_grad", z, y))
    expected, _ = _tape_grads(tf, z, y)
    assert_array_matches(got, expected, check_dtype=False, **GRAD_TOL[dtype])


@pytest.mark.points("mse_sigmoid_grad", weight=2)
@hidden_settings
@given(data=st.data(), shape=GRAD_SHAPES, dtype=DTYPES)
def test_mse_sigmoid_grad_random_values(learner, data, shape, dtype):
    """mse_sigmoid_grad equals (sigmoid(z) - y) * sigmoid'(z) on random z (|z| <= 40 or 100) and 0/1 or soft y."""
    z = _draw_array(data, dtype, shape, -GRAD_BOUND[dtype], GRAD_BOUND[dtype], label="z")
    y = _draw_array(data, dtype, shape, 0, 1, label="y")
    got = _elementwise(learner.call("mse_sigmoid_grad", z, y))
    assert_array_matches(got, _ref_mse_grad(z, y), check_dtype=False, **GRAD_TOL[dtype])


@pytest.mark.points("mse_sigmoid_grad", weight=0.5)
@pytest.mark.parametrize("dtype", [F32, F64], ids=DTYPE_IDS)
def test_mse_sigmoid_grad_dtype(learner, dtype):
    """float32 z and y give a float32 result, float64 a float64 one (NumPy's own promotion)."""
    z = np.linspace(-6, 6, 12).reshape(3, 4).astype(dtype)
    y = np.resize(np.array([0.0, 1.0], dtype=dtype), z.shape)
    got = _elementwise(learner.call("mse_sigmoid_grad", z, y))
    assert_array_matches(got, _ref_mse_grad(z, y).astype(dtype), **GRAD_TOL[dtype])


@pytest.mark.points("mse_sigmoid_grad", weight=0.5)
@pytest.mark.parametrize(
    ("shape_z", "shape_y"),
    [pytest.param((2, 3), (3, 2), id="transposed"), pytest.param((2, 3), (2, 4), id="columns-differ")],
)
def test_mse_sigmoid_grad_rejects_bad_shapes(learner, shape_z, shape_y):
    """Incompatible shapes of z and y raise ValueError naming both shapes."""
    z, y = np.zeros(shape_z), np.ones(shape_y)
    expect_raises(learner, "ValueError", "mse_sigmoid_grad", z, y, mentions=(str(z.shape), str(y.shape)))


@pytest.mark.points("mse_sigmoid_grad", weight=1)
def test_mse_sigmoid_grad_unmodified(learner):
    """mse_sigmoid_grad leaves z and y (read-only here) unchanged."""
    z = np.array([[-3.0, 0.0, 2.0], [50.0, -50.0, 1.0]], dtype=F32)
    y = np.array([[0.0, 1.0, 1.0], [0.0, 1.0, 0.5]], dtype=F32)
    call_unmodified(learner, "mse_sigmoid_grad", z, y)


# =================================================================== bce_sigmoid_grad
@pytest.mark.points("bce_sigmoid_grad", weight=1)
@hidden_settings
@given(data=st.data(), shape=GRAD_SHAPES)
def test_bce_sigmoid_grad_shape(learner, data, shape):
    """bce_sigmoid_grad works element-wise: the result has z's shape (0-D to 3-D, empty axes too)."""
    z = _draw_array(data, F64, shape, -10, 10, label="z")
    y = _draw_array(data, F64, shape, 0, 1, label="y")
    _expect_shape(_elementwise(learner.call("bce_sigmoid_grad", z, y)), shape, "bce_sigmoid_grad")


@pytest.mark.points("bce_sigmoid_grad", weight=1.5)
@pytest.mark.parametrize("dtype", [F32, F64], ids=DTYPE_IDS)
def test_bce_sigmoid_grad_matches_gradient_tape(learner, tf, dtype):
    """bce_sigmoid_grad equals tf.GradientTape's dC/dz of sigmoid_cross_entropy_with_logits on seeded (4, 5) inputs."""
    rng = np.random.default_rng(11)
    z = rng.normal(0, 6, (4, 5)).astype(dtype)
    y = rng.integers(0, 2, (4, 5)).astype(dtype)
    got = _elementwise(learner.call("bce_sigmoid_grad", z, y))
    _, expected = _tape_grads(tf, z, y)
    assert_array_matches(got, expected, check_dtype=False, **GRAD_TOL[dtype])


@pytest.mark.points("bce_sigmoid_grad", weight=2)
@hidden_settings
@given(data=st.data(), shape=GRAD_SHAPES, dtype=DTYPES)
def test_bce_sigmoid_grad_random_values(learner, data, shape, dtype):
    """bce_sigmoid_grad equals sigmoid(z) - y on random z (|z| <= 40 or 100) and 0/1 or soft y."""
    z = _draw_array(data, dtype, shape, -GRAD_BOUND[dtype], GRAD_BOUND[dtype], label="z")
    y = _draw_array(data, dtype, shape, 0, 1, label="y")
    got = _elementwise(learner.call("bce_sigmoid_grad", z, y))
    assert_array_matches(got, _ref_bce_grad(z, y), check_dtype=False, **GRAD_TOL[dtype])


@pytest.mark.points("bce_sigmoid_grad", weight=0.5)
@pytest.mark.parametrize("dtype", [F32, F64], ids=DTYPE_IDS)
def test_bce_sigmoid_grad_dtype(learner, dtype):
    """float32 z and y give a float32 result, float64 a float64 one (NumPy's own promotion)."""
    z = np.linspace(-6, 6, 12).reshape(3, 4).astype(dtype)
    y = np.resize(np.array([0.0, 1.0], dtype=dtype), z.shape)
    got = _elementwise(learner.call("bce_sigmoid_grad", z, y))
    assert_array_matches(got, _ref_bce_grad(z, y).astype(dtype), **GRAD_TOL[dtype])


@pytest.mark.points("bce_sigmoid_grad", weight=0.5)
@pytest.mark.parametrize(
    ("shape_z", "shape_y"),
    [pytest.param((2, 3), (3, 2), id="transposed"), pytest.param((2, 3), (2, 4), id="columns-differ")],
)
def test_bce_sigmoid_grad_rejects_bad_shapes(learner, shape_z, shape_y):
    """Incompatible shapes of z and y raise ValueError naming both shapes."""
    z, y = np.zeros(shape_z), np.ones(shape_y)
    expect_raises(learner, "ValueError", "bce_sigmoid_grad", z, y, mentions=(str(z.shape), str(y.shape)))


@pytest.mark.points("bce_sigmoid_grad", weight=1)
def test_bce_sigmoid_grad_unmodified(learner):
    """bce_sigmoid_grad leaves z and y (read-only here) unchanged."""
    z = np.array([[-3.0, 0.0, 2.0], [50.0, -50.0, 1.0]], dtype=F32)
    y = np.array([[0.0, 1.0, 1.0], [0.0, 1.0, 0.5]], dtype=F32)
    call_unmodified(learner, "bce_sigmoid_grad", z, y)
