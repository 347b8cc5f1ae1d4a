"""Hidden grading suite for ``tensor_ops`` (section 2.3, tensor operations).

For every function: values against the catalogue's reference (NumPy, or
``keras.layers.Dense`` for ``dense_forward``) on random shapes and values drawn with
hypothesis, dtypes (NumPy's own result dtype, NEP 50), edge cases (1x1, empty axes,
large magnitudes), wrong shapes (``ValueError`` naming the shapes), inputs left
unmodified, and for the ``naive_*`` functions an integrity check (no whole-array NumPy).

Tolerances: element-wise operations (relu, add, maximum, broadcasting, reshaping,
transposing) are exact in IEEE arithmetic, so they are compared with ``rtol=0`` and at
most a few ulps of slack for implementations that compute in float64 and round back.
Dot products are sums whose value depends on the order of summation (NumPy's BLAS
uses blocked/pairwise orders); they are compared with the standard error bound
``2 (n + 1) eps sum_k |x_k| |y_k|`` of a length-n dot product in the result's dtype,
which covers any summation order of a correct implementation.
"""

from __future__ import annotations

import functools
import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.authoring.testing import (
    assert_array_matches,
    assert_scalar_matches,
    cached_reference,
    call_naive,
    call_unmodified,
    expect_raises,
    fail,
    hidden_settings,
)

F32, F64, I32, I64, U8 = np.float32, np.float64, np.int32, np.int64, np.uint8


# --------------------------------------------------------------------------- helpers
def _elements(dtype, bound: float = 100.0) -> st.SearchStrategy:
    """Finite values of ``dtype`` in [-bound, bound] (integers: small, so no overflow)."""
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        return st.floats(
            -bound,
            bound,
            width=8 * dtype.itemsize,
            allow_nan=False,
            allow_infinity=False,
            allow_subnormal=False,
        )
    if dtype.kind == "b":
        return st.booleans()
    low = 0 if dtype.kind == "u" else -int(min(bound, 100))
    return st.integers(low, int(min(bound, 100)))


def _arrays(dtype, shape, bound: float = 100.0) -> st.SearchStrategy:
    return hnp.arrays(np.dtype(dtype), shape, elements=_elements(dtype, bound))


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _random(rng: np.random.Generator, shape, dtype) -> np.ndarray:
    """Seeded test data: floats in [-10, 10), integers in [-9, 9], booleans."""
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        return rng.uniform(-10, 10, size=shape).astype(dtype)
    if dtype.kind == "b":
        return rng.integers(0, 2, size=shape).astype(bool)
    if dtype.kind == "u":
        return rng.integers(0, 10, size=shape).astype(dtype)
    return rng.integers(-9, 10, size=shape).astype(dtype)


def _ulp_rtol(dtype) -> float:
    """Relative slack of a few ulps for element-wise results (0 for integers)."""
    dtype = np.dtype(dtype)
    return float(4 * np.finfo(dtype).eps) if dtype.kind == "f" else 0.0


def _dot_atol(x: np.ndarray, y: np.ndarray, expected: np.ndarray) -> float:
    """Error bound of a dot product over the last axis of x / first axis of y.

    ``2 (n + 1) eps max |x| . |y|`` in the result's dtype: covers any summation order of
    a correct implementation and the reference's own rounding. Integers: exact (0).
    """
    dtype = np.asarray(expected).dtype
    if dtype.kind != "f":
        return 0.0
    n = x.shape[-1]
    bound = np.dot(np.abs(x).astype(F64), np.abs(y).astype(F64))
    scale = float(np.max(bound)) if np.size(bound) else 0.0
    return 2 * (n + 1) * float(np.finfo(dtype).eps) * scale + float(np.finfo(dtype).tiny)


matrix_shapes = hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=6)

FLOAT_DTYPES = [F32, F64]
DTYPE_PAIRS = [(F32, F32), (F64, F64), (I32, I32), (I64, I64), (F32, F64), (I32, F64)]
DTYPE_PAIR_IDS = [f"{np.dtype(a).name}-{np.dtype(b).name}" for a, b in DTYPE_PAIRS]
MOVE_DTYPES = [U8, I64, F32, F64, np.bool_]


# ----------------------------------------------------------------------- naive_relu
@pytest.mark.points("naive_relu", weight=3)
@hidden_settings
@given(data=st.data(), dtype=st.sampled_from(FLOAT_DTYPES))
def test_naive_relu_values(learner, data, dtype):
    """naive_relu equals np.maximum(x, 0) on random float matrices of random shapes."""
    x = data.draw(_arrays(dtype, matrix_shapes))
    got = learner.call("naive_relu", x)
    assert_array_matches(got, np.maximum(x, 0), rtol=0, atol=0)


@pytest.mark.points("naive_relu", weight=2)
@pytest.mark.parametrize("dtype", [F32, F64, I32, I64, np.int8], ids=lambda d: np.dtype(d).name)
def test_naive_relu_dtypes(learner, dtype):
    """naive_relu keeps the input dtype (float32 stays float32, ints stay ints), as np.maximum(x, 0)."""
    x = _random(_rng(1), (3, 4), dtype)
    got = learner.call("naive_relu", x)
    assert_array_matches(got, np.maximum(x, 0), rtol=0, atol=0)


@pytest.mark.points("naive_relu", weight=1)
def test_naive_relu_edges(learner):
    """naive_relu on 1x1, single-row, single-column, all-negative and empty (0, 3) matrices."""
    cases = [
        np.array([[-2.0]], dtype=F32),
        np.array([[3.0, -1.0, 0.0, 7.5]], dtype=F32),
        np.array([[-1.0], [2.0], [-3.0]], dtype=F64),
        -np.ones((2, 3), dtype=F64),
        np.zeros((0, 3), dtype=F32),
    ]
    for x in cases:
        got = learner.call("naive_relu", x)
        assert_array_matches(got, np.maximum(x, 0), rtol=0, atol=0, what=f"result for shape {x.shape}")


@pytest.mark.points("naive_relu", weight=1)
@pytest.mark.parametrize("shape", [(4,), (2, 3, 4)], ids=["1d", "3d"])
def test_naive_relu_wrong_rank(learner, shape):
    """naive_relu of a 1D or 3D tensor raises ValueError naming its shape (not a bare assert)."""
    x = np.ones(shape, dtype=F32)
    expect_raises(learner, "ValueError", "naive_relu", x, mentions=(str(x.shape),))


@pytest.mark.points("naive_relu", weight=1)
def test_naive_relu_unmodified(learner):
    """naive_relu leaves its input unchanged (the book's x = x.copy())."""
    x = _random(_rng(2), (4, 5), F32)
    got = call_unmodified(learner, "naive_relu", x)
    assert_array_matches(got, np.maximum(x, 0), rtol=0, atol=0)


@pytest.mark.points("naive_relu", weight=1)
def test_naive_relu_integrity(learner):
    """naive_relu works element by element (no np.maximum / np.clip / boolean masks on arrays)."""
    x = _random(_rng(3), (5, 6), F32)
    got = call_naive(learner, "naive_relu", x)
    assert_array_matches(got, np.maximum(x, 0), rtol=0, atol=0)


# ------------------------------------------------------------------------ naive_add
@pytest.mark.points("naive_add", weight=3)
@hidden_settings
@given(data=st.data(), dtype=st.sampled_from(FLOAT_DTYPES))
def test_naive_add_values(learner, data, dtype):
    """naive_add equals x + y on random float matrices of random (equal) shapes."""
    shape = data.draw(matrix_shapes)
    x = data.draw(_arrays(dtype, shape))
    y = data.draw(_arrays(dtype, shape))
    got = learner.call("naive_add", x, y)
    assert_array_matches(got, x + y, rtol=_ulp_rtol(dtype), atol=0)


@pytest.mark.points("naive_add", weight=2)
@pytest.mark.parametrize(("dx", "dy"), DTYPE_PAIRS, ids=DTYPE_PAIR_IDS)
def test_naive_add_dtypes(learner, dx, dy):
    """naive_add's result has the dtype of x + y (float32 + float32 -> float32, int32 + float64 -> float64)."""
    rng = _rng(4)
    x, y = _random(rng, (3, 4), dx), _random(rng, (3, 4), dy)
    expected = x + y
    got = learner.call("naive_add", x, y)
    assert_array_matches(got, expected, rtol=_ulp_rtol(expected.dtype), atol=0)


@pytest.mark.points("naive_add", weight=1)
def test_naive_add_edges(learner):
    """naive_add on 1x1, 1xn, nx1 and empty (0, 3) matrices."""
    rng = _rng(5)
    for shape in [(1, 1), (1, 5), (4, 1), (0, 3)]:
        x, y = _random(rng, shape, F64), _random(rng, shape, F64)
        got = learner.call("naive_add", x, y)
        assert_array_matches(got, x + y, rtol=0, atol=0, what=f"result for shape {shape}")


@pytest.mark.points("naive_add", weight=1)
@pytest.mark.parametrize(
    ("sx", "sy"), [((2, 3), (3, 2)), ((2, 3), (2, 4)), ((4,), (4,)), ((2, 3), (3,))],
    ids=["transposed", "columns", "1d", "matrix-vector"],
)
def test_naive_add_shape_errors(learner, sx, sy):
    """naive_add of different shapes or non-2D tensors raises ValueError naming both shapes."""
    x, y = np.ones(sx, dtype=F32), np.ones(sy, dtype=F32)
    expect_raises(learner, "ValueError", "naive_add", x, y, mentions=(str(x.shape), str(y.shape)))


@pytest.mark.points("naive_add", weight=1)
def test_naive_add_unmodified(learner):
    """naive_add leaves both inputs unchanged (no x += y)."""
    rng = _rng(6)
    x, y = _random(rng, (3, 4), F32), _random(rng, (3, 4), F32)
    got = call_unmodified(learner, "naive_add", x, y)
    assert_array_matches(got, x + y, rtol=0, atol=0)


@pytest.mark.points("naive_add", weight=1)
def test_naive_add_integrity(learner):
    """naive_add adds single elements only (no x + y, x[i] + y[i] or np.add on arrays)."""
    rng = _rng(7)
    x, y = _random(rng, (5, 6), F64), _random(rng, (5, 6), F64)
    got = call_naive(learner, "naive_add", x, y)
    assert_array_matches(got, x + y, rtol=0, atol=0)


# ------------------------------------------------------- naive_add_matrix_and_vector
@pytest.mark.points("naive_add_matrix_and_vector", weight=3)
@hidden_settings
@given(data=st.data(), dtype=st.sampled_from(FLOAT_DTYPES))
def test_naive_add_matrix_and_vector_values(learner, data, dtype):
    """naive_add_matrix_and_vector equals x + y for random (m, n) matrices and (n,) vectors."""
    shape = data.draw(matrix_shapes)
    x = data.draw(_arrays(dtype, shape))
    y = data.draw(_arrays(dtype, (shape[1],)))
    got = learner.call("naive_add_matrix_and_vector", x, y)
    assert_array_matches(got, x + y, rtol=_ulp_rtol(dtype), atol=0)


@pytest.mark.points("naive_add_matrix_and_vector", weight=2)
@pytest.mark.parametrize(("dx", "dy"), DTYPE_PAIRS, ids=DTYPE_PAIR_IDS)
def test_naive_add_matrix_and_vector_dtypes(learner, dx, dy):
    """naive_add_matrix_and_vector's result has the dtype of x + y."""
    rng = _rng(8)
    x, y = _random(rng, (3, 4), dx), _random(rng, (4,), dy)
    expected = x + y
    got = learner.call("naive_add_matrix_and_vector", x, y)
    assert_array_matches(got, expected, rtol=_ulp_rtol(expected.dtype), atol=0)


@pytest.mark.points("naive_add_matrix_and_vector", weight=1)
def test_naive_add_matrix_and_vector_edges(learner):
    """naive_add_matrix_and_vector on (1, 1)+(1,), (1, 5)+(5,), (4, 1)+(1,) and (0, 3)+(3,)."""
    rng = _rng(9)
    for shape in [(1, 1), (1, 5), (4, 1), (0, 3)]:
        x, y = _random(rng, shape, F64), _random(rng, (shape[1],), F64)
        got = learner.call("naive_add_matrix_and_vector", x, y)
        assert_array_matches(got, x + y, rtol=0, atol=0, what=f"result for x of shape {shape}")


@pytest.mark.points("naive_add_matrix_and_vector", weight=1)
@pytest.mark.parametrize(
    ("sx", "sy", "offending"),
    [((2, 3), (2,), "both"), ((3, 3), (3, 3), "y"), ((3,), (3,), "x"), ((2, 3), (4,), "both")],
    ids=["rows-not-columns", "y-2d", "x-1d", "length"],
)
def test_naive_add_matrix_and_vector_shape_errors(learner, sx, sy, offending):
    """Incompatible shapes (y's length is not x's column count) or wrong ranks raise ValueError naming them."""
    x, y = np.ones(sx, dtype=F32), np.ones(sy, dtype=F32)
    mentions = {"both": (str(x.shape), str(y.shape)), "x": (str(x.shape),), "y": (str(y.shape),)}
    expect_raises(
        learner, "ValueError", "naive_add_matrix_and_vector", x, y, mentions=mentions[offending]
    )


@pytest.mark.points("naive_add_matrix_and_vector", weight=1)
def test_naive_add_matrix_and_vector_unmodified(learner):
    """naive_add_matrix_and_vector leaves x and y unchanged."""
    rng = _rng(10)
    x, y = _random(rng, (3, 4), F32), _random(rng, (4,), F32)
    got = call_unmodified(learner, "naive_add_matrix_and_vector", x, y)
    assert_array_matches(got, x + y, rtol=0, atol=0)


@pytest.mark.points("naive_add_matrix_and_vector", weight=1)
def test_naive_add_matrix_and_vector_integrity(learner):
    """naive_add_matrix_and_vector adds single elements only (no x[i] + y row additions)."""
    rng = _rng(11)
    x, y = _random(rng, (5, 6), F64), _random(rng, (6,), F64)
    got = call_naive(learner, "naive_add_matrix_and_vector", x, y)
    assert_array_matches(got, x + y, rtol=0, atol=0)


# ------------------------------------------------------------------ naive_broadcast_to
@st.composite
def broadcast_cases(draw, min_side: int = 1):
    """(x shape, target shape): x is a suffix of the target with some axes set to 1."""
    target = draw(hnp.array_shapes(min_dims=1, max_dims=4, min_side=min_side, max_side=4))
    k = draw(st.integers(0, len(target)))
    suffix = target[len(target) - k :]
    ones = draw(st.lists(st.booleans(), min_size=k, max_size=k))
    x_shape = tuple(1 if one else d for d, one in zip(suffix, ones, strict=True))
    return x_shape, tuple(target)


@pytest.mark.points("naive_broadcast_to", weight=3)
@hidden_settings
@given(case=broadcast_cases(), seed=st.integers(0, 2**16))
def test_naive_broadcast_to_values(learner, case, seed):
    """naive_broadcast_to equals np.broadcast_to for random shapes (new leading axes and size-1 axes)."""
    x_shape, target = case
    x = _random(_rng(seed), x_shape, F64)
    got = learner.call("naive_broadcast_to", x, target)
    assert_array_matches(got, np.broadcast_to(x, target), rtol=0, atol=0)


@pytest.mark.points("naive_broadcast_to", weight=1)
@pytest.mark.parametrize("dtype", MOVE_DTYPES, ids=lambda d: np.dtype(d).name)
def test_naive_broadcast_to_dtypes(learner, dtype):
    """naive_broadcast_to keeps x's dtype (uint8, int64, float32, float64, bool)."""
    x = _random(_rng(12), (3, 1), dtype)
    got = learner.call("naive_broadcast_to", x, (2, 3, 4))
    assert_array_matches(got, np.broadcast_to(x, (2, 3, 4)), rtol=0, atol=0)


@pytest.mark.points("naive_broadcast_to", weight=1)
def test_naive_broadcast_to_edges(learner):
    """naive_broadcast_to of a 0D tensor, to x's own shape, a list target, and to a shape with an empty axis."""
    rng = _rng(13)
    cases = [
        (np.array(2.5), (2, 3)),
        (_random(rng, (2, 3), F64), (2, 3)),
        (_random(rng, (1, 1), F64), (1, 1)),
        (_random(rng, (1, 3), F64), (0, 3)),
        (_random(rng, (3,), F64), [2, 3]),
    ]
    for x, target in cases:
        got = learner.call("naive_broadcast_to", x, target)
        assert_array_matches(
            got, np.broadcast_to(x, target), rtol=0, atol=0,
            what=f"result for {x.shape} -> {tuple(target)}",
        )


@pytest.mark.points("naive_broadcast_to", weight=1)
@pytest.mark.parametrize(
    ("sx", "target"), [((3,), (4,)), ((2, 3), (3,)), ((2, 1), (3, 1)), ((3, 2), (2, 3, 3))],
    ids=["length", "fewer-axes", "non-one-axis", "inner-mismatch"],
)
def test_naive_broadcast_to_incompatible(learner, sx, target):
    """Shapes that cannot be broadcast raise ValueError naming x's shape."""
    x = np.ones(sx, dtype=F32)
    expect_raises(learner, "ValueError", "naive_broadcast_to", x, target, mentions=(str(x.shape),))


@pytest.mark.points("naive_broadcast_to", weight=1)
def test_naive_broadcast_to_unmodified(learner):
    """naive_broadcast_to leaves x unchanged."""
    x = _random(_rng(14), (3, 1), F32)
    got = call_unmodified(learner, "naive_broadcast_to", x, (2, 3, 4))
    assert_array_matches(got, np.broadcast_to(x, (2, 3, 4)), rtol=0, atol=0)


@pytest.mark.points("naive_broadcast_to", weight=1)
def test_naive_broadcast_to_integrity(learner):
    """naive_broadcast_to copies single elements (no np.broadcast_to / np.tile / np.repeat)."""
    x = _random(_rng(15), (4, 1), F64)
    got = call_naive(learner, "naive_broadcast_to", x, (3, 4, 5))
    assert_array_matches(got, np.broadcast_to(x, (3, 4, 5)), rtol=0, atol=0)


# ---------------------------------------------------------------------- naive_maximum
@pytest.mark.points("naive_maximum", weight=3)
@hidden_settings
@given(
    shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=4),
    seed=st.integers(0, 2**16),
)
def test_naive_maximum_values(learner, shapes, seed):
    """naive_maximum equals np.maximum for random broadcast-compatible shape pairs."""
    (sx, sy), result_shape = shapes.input_shapes, shapes.result_shape
    assume(len(result_shape) > 0)  # two 0D inputs: np.maximum gives a scalar, not a tensor
    rng = _rng(seed)
    x, y = _random(rng, sx, F64), _random(rng, sy, F64)
    got = learner.call("naive_maximum", x, y)
    assert_array_matches(got, np.maximum(x, y), rtol=0, atol=0)


@pytest.mark.points("naive_maximum", weight=2)
def test_naive_maximum_book_example(learner):
    """naive_maximum of a (2, 3, 32, 10) and a (32, 10) tensor (the book's case, 2 samples) equals np.maximum.

    The book broadcasts over 64 samples; the sample count changes nothing a wrong implementation
    gets wrong, and every sample costs a learner's Python loops time in every submission's grading.
    """
    rng = _rng(16)
    x, y = _random(rng, (2, 3, 32, 10), F32), _random(rng, (32, 10), F32)
    got = learner.call("naive_maximum", x, y)
    assert_array_matches(got, np.maximum(x, y), rtol=0, atol=0)


@pytest.mark.points("naive_maximum", weight=1)
def test_naive_maximum_smaller_first(learner):
    """naive_maximum with the lower-rank tensor first, and size-1 axes on both sides ((3, 1) with (2, 1, 4))."""
    rng = _rng(17)
    for sx, sy in [((5,), (3, 5)), ((3, 1), (2, 1, 4)), ((1, 4), (3, 1))]:
        x, y = _random(rng, sx, F64), _random(rng, sy, F64)
        got = learner.call("naive_maximum", x, y)
        assert_array_matches(got, np.maximum(x, y), rtol=0, atol=0, what=f"result for {sx} and {sy}")


@pytest.mark.points("naive_maximum", weight=2)
@pytest.mark.parametrize(("dx", "dy"), DTYPE_PAIRS, ids=DTYPE_PAIR_IDS)
def test_naive_maximum_dtypes(learner, dx, dy):
    """naive_maximum's result has np.maximum's dtype (float32 stays float32; int32 with float64 -> float64)."""
    rng = _rng(18)
    x, y = _random(rng, (2, 3, 4), dx), _random(rng, (3, 4), dy)
    got = learner.call("naive_maximum", x, y)
    assert_array_matches(got, np.maximum(x, y), rtol=0, atol=0)


@pytest.mark.points("naive_maximum", weight=1)
def test_naive_maximum_edges(learner):
    """naive_maximum of 1x1 tensors and of an empty (0, 3) tensor with a (3,) vector."""
    rng = _rng(19)
    for sx, sy in [((1, 1), (1, 1)), ((1,), (1,)), ((0, 3), (3,))]:
        x, y = _random(rng, sx, F64), _random(rng, sy, F64)
        got = learner.call("naive_maximum", x, y)
        assert_array_matches(got, np.maximum(x, y), rtol=0, atol=0, what=f"result for {sx} and {sy}")


@pytest.mark.points("naive_maximum", weight=1)
@pytest.mark.parametrize(
    ("sx", "sy"), [((2, 3), (4,)), ((64, 3, 32, 10), (32, 9)), ((2, 3), (3, 3))],
    ids=["vector", "book-mismatch", "rows"],
)
def test_naive_maximum_incompatible(learner, sx, sy):
    """Shapes that do not broadcast raise ValueError naming both shapes."""
    x, y = np.zeros(sx, dtype=F32), np.zeros(sy, dtype=F32)
    expect_raises(learner, "ValueError", "naive_maximum", x, y, mentions=(str(x.shape), str(y.shape)))


@pytest.mark.points("naive_maximum", weight=1)
def test_naive_maximum_unmodified(learner):
    """naive_maximum leaves both inputs unchanged."""
    rng = _rng(20)
    x, y = _random(rng, (2, 3, 4), F32), _random(rng, (3, 4), F32)
    got = call_unmodified(learner, "naive_maximum", x, y)
    assert_array_matches(got, np.maximum(x, y), rtol=0, atol=0)


@pytest.mark.points("naive_maximum", weight=1)
def test_naive_maximum_integrity(learner):
    """naive_maximum compares single elements only (no np.maximum / np.where / broadcasting helpers)."""
    rng = _rng(21)
    x, y = _random(rng, (2, 3, 4, 5), F64), _random(rng, (4, 5), F64)
    got = call_naive(learner, "naive_maximum", x, y)
    assert_array_matches(got, np.maximum(x, y), rtol=0, atol=0)


# ------------------------------------------------------------------- naive_vector_dot
@pytest.mark.points("naive_vector_dot", weight=3)
@hidden_settings
@given(data=st.data(), n=st.integers(1, 30), dtype=st.sampled_from(FLOAT_DTYPES))
def test_naive_vector_dot_values(learner, data, n, dtype):
    """naive_vector_dot equals np.dot for random float vectors (within the dot-product error bound)."""
    x = data.draw(_arrays(dtype, (n,), bound=10))
    y = data.draw(_arrays(dtype, (n,), bound=10))
    expected = np.dot(x, y)
    got = learner.call("naive_vector_dot", x, y)
    assert_scalar_matches(got, float(expected), rtol=0, atol=_dot_atol(x, y, expected))


@pytest.mark.points("naive_vector_dot", weight=1)
def test_naive_vector_dot_integers(learner):
    """naive_vector_dot of int64 vectors is the exact integer dot product (no float32 accumulator)."""
    rng = _rng(22)
    # products up to 2**30, sums up to ~2**34: exact in int64 and float64 (the book's z = 0.
    # is fine), but not in float32
    x = rng.integers(2**14, 2**15, size=17, dtype=I64)
    y = rng.integers(2**14, 2**15, size=17, dtype=I64) * rng.choice(np.array([-1, 1]), size=17)
    expected = int(np.dot(x, y))
    got = learner.call("naive_vector_dot", x, y)
    if isinstance(got, np.ndarray) and got.ndim == 0:
        got = got[()]
    exact = isinstance(got, (int, np.integer, float, np.floating)) and not isinstance(got, bool)
    if not (exact and float(got).is_integer() and int(got) == expected):
        fail(
            en=f"naive_vector_dot of two int64 vectors: expected exactly {expected}, got {got!r:.200} "
            f"(a float32 accumulator rounds integers above 2**24)",
            zh=f"两个 int64 向量的 naive_vector_dot 应精确等于 {expected}，实际为 {got!r:.200}"
            f"（float32 累加器会舍入大于 2**24 的整数）",
        )


@pytest.mark.points("naive_vector_dot", weight=1)
def test_naive_vector_dot_edges(learner):
    """naive_vector_dot of length-1 vectors is the product; of empty vectors it is 0."""
    got = learner.call("naive_vector_dot", np.array([3.0]), np.array([-2.5]))
    assert_scalar_matches(got, -7.5, rtol=0, atol=0, what="dot of [3.0] and [-2.5]")
    got = learner.call("naive_vector_dot", np.zeros(0), np.zeros(0))
    assert_scalar_matches(got, 0.0, rtol=0, atol=0, what="dot of two empty vectors")


@pytest.mark.points("naive_vector_dot", weight=1)
@pytest.mark.parametrize(
    ("sx", "sy"), [((3,), (4,)), ((2, 3), (3,)), ((3,), (3, 1))], ids=["length", "x-2d", "y-2d"]
)
def test_naive_vector_dot_shape_errors(learner, sx, sy):
    """Vectors of different lengths or non-1D tensors raise ValueError naming both shapes."""
    x, y = np.ones(sx), np.ones(sy)
    expect_raises(learner, "ValueError", "naive_vector_dot", x, y, mentions=(str(x.shape), str(y.shape)))


@pytest.mark.points("naive_vector_dot", weight=1)
def test_naive_vector_dot_unmodified(learner):
    """naive_vector_dot leaves both vectors unchanged."""
    rng = _rng(23)
    x, y = _random(rng, (8,), F64), _random(rng, (8,), F64)
    expected = np.dot(x, y)
    got = call_unmodified(learner, "naive_vector_dot", x, y)
    assert_scalar_matches(got, float(expected), rtol=0, atol=_dot_atol(x, y, expected))


@pytest.mark.points("naive_vector_dot", weight=1)
def test_naive_vector_dot_integrity(learner):
    """naive_vector_dot multiplies and adds single elements (no np.dot, x * y or .sum())."""
    rng = _rng(24)
    x, y = _random(rng, (40,), F64), _random(rng, (40,), F64)
    expected = np.dot(x, y)
    got = call_naive(learner, "naive_vector_dot", x, y)
    assert_scalar_matches(got, float(expected), rtol=0, atol=_dot_atol(x, y, expected))


# ------------------------------------------------------------ naive_matrix_vector_dot
@pytest.mark.points("naive_matrix_vector_dot", weight=3)
@hidden_settings
@given(data=st.data(), shape=matrix_shapes, dtype=st.sampled_from(FLOAT_DTYPES))
def test_naive_matrix_vector_dot_values(learner, data, shape, dtype):
    """naive_matrix_vector_dot equals np.dot for random (m, n) matrices and (n,) vectors."""
    x = data.draw(_arrays(dtype, shape, bound=10))
    y = data.draw(_arrays(dtype, (shape[1],), bound=10))
    expected = np.dot(x, y)
    got = learner.call("naive_matrix_vector_dot", x, y)
    assert_array_matches(got, expected, rtol=0, atol=_dot_atol(x, y, expected))


@pytest.mark.points("naive_matrix_vector_dot", weight=2)
@pytest.mark.parametrize(("dx", "dy"), DTYPE_PAIRS, ids=DTYPE_PAIR_IDS)
def test_naive_matrix_vector_dot_dtypes(learner, dx, dy):
    """naive_matrix_vector_dot's result has np.dot's dtype (float32 -> float32: not np.zeros' float64)."""
    rng = _rng(25)
    x, y = _random(rng, (3, 4), dx), _random(rng, (4,), dy)
    expected = np.dot(x, y)
    got = learner.call("naive_matrix_vector_dot", x, y)
    assert_array_matches(got, expected, rtol=0, atol=_dot_atol(x, y, expected))


@pytest.mark.points("naive_matrix_vector_dot", weight=1)
def test_naive_matrix_vector_dot_edges(learner):
    """naive_matrix_vector_dot with (1, 1), (1, n), (m, 1) matrices and an empty inner axis (m, 0)."""
    rng = _rng(26)
    for shape in [(1, 1), (1, 6), (5, 1), (3, 0)]:
        x, y = _random(rng, shape, F64), _random(rng, (shape[1],), F64)
        expected = np.dot(x, y)
        got = learner.call("naive_matrix_vector_dot", x, y)
        assert_array_matches(
            got, expected, rtol=0, atol=_dot_atol(x, y, expected), what=f"result for x of shape {shape}"
        )


@pytest.mark.points("naive_matrix_vector_dot", weight=1)
@pytest.mark.parametrize(
    ("sx", "sy"), [((3, 4), (3,)), ((4,), (4,)), ((3, 4), (4, 1))],
    ids=["rows-not-columns", "x-1d", "y-2d"],
)
def test_naive_matrix_vector_dot_shape_errors(learner, sx, sy):
    """Mismatched lengths or wrong ranks raise ValueError naming both shapes."""
    x, y = np.ones(sx), np.ones(sy)
    expect_raises(
        learner, "ValueError", "naive_matrix_vector_dot", x, y, mentions=(str(x.shape), str(y.shape))
    )


@pytest.mark.points("naive_matrix_vector_dot", weight=1)
def test_naive_matrix_vector_dot_unmodified(learner):
    """naive_matrix_vector_dot leaves x and y unchanged."""
    rng = _rng(27)
    x, y = _random(rng, (3, 4), F32), _random(rng, (4,), F32)
    expected = np.dot(x, y)
    got = call_unmodified(learner, "naive_matrix_vector_dot", x, y)
    assert_array_matches(got, expected, rtol=0, atol=_dot_atol(x, y, expected))


@pytest.mark.points("naive_matrix_vector_dot", weight=1)
def test_naive_matrix_vector_dot_integrity(learner):
    """naive_matrix_vector_dot works on single elements (no np.dot(x[i], y), x[i] * y, .sum())."""
    rng = _rng(28)
    x, y = _random(rng, (6, 7), F64), _random(rng, (7,), F64)
    expected = np.dot(x, y)
    got = call_naive(learner, "naive_matrix_vector_dot", x, y)
    assert_array_matches(got, expected, rtol=0, atol=_dot_atol(x, y, expected))


# ------------------------------------------------------------------- naive_matrix_dot
@pytest.mark.points("naive_matrix_dot", weight=3)
@hidden_settings
@given(data=st.data(), sizes=st.tuples(*[st.integers(1, 5)] * 3), dtype=st.sampled_from(FLOAT_DTYPES))
def test_naive_matrix_dot_values(learner, data, sizes, dtype):
    """naive_matrix_dot equals np.dot for random (m, n) and (n, p) float matrices."""
    m, n, p = sizes
    x = data.draw(_arrays(dtype, (m, n), bound=10))
    y = data.draw(_arrays(dtype, (n, p), bound=10))
    expected = np.dot(x, y)
    got = learner.call("naive_matrix_dot", x, y)
    assert_array_matches(got, expected, rtol=0, atol=_dot_atol(x, y, expected))


@pytest.mark.points("naive_matrix_dot", weight=2)
@pytest.mark.parametrize(("dx", "dy"), DTYPE_PAIRS, ids=DTYPE_PAIR_IDS)
def test_naive_matrix_dot_dtypes(learner, dx, dy):
    """naive_matrix_dot's result has np.dot's dtype (float32 -> float32, int -> int)."""
    rng = _rng(29)
    x, y = _random(rng, (3, 4), dx), _random(rng, (4, 2), dy)
    expected = np.dot(x, y)
    got = learner.call("naive_matrix_dot", x, y)
    assert_array_matches(got, expected, rtol=0, atol=_dot_atol(x, y, expected))


@pytest.mark.points("naive_matrix_dot", weight=1)
def test_naive_matrix_dot_non_square(learner):
    """naive_matrix_dot of a (2, 5) and a (5, 3) matrix: rows of x with columns of y, shape (2, 3)."""
    rng = _rng(30)
    x, y = _random(rng, (2, 5), I64), _random(rng, (5, 3), I64)
    got = learner.call("naive_matrix_dot", x, y)
    assert_array_matches(got, np.dot(x, y), rtol=0, atol=0)


@pytest.mark.points("naive_matrix_dot", weight=1)
def test_naive_matrix_dot_edges(learner):
    """naive_matrix_dot with 1x1 matrices, an outer product (n=1) and an empty inner axis (n=0: zeros)."""
    rng = _rng(31)
    for sx, sy in [((1, 1), (1, 1)), ((3, 1), (1, 4)), ((1, 4), (4, 1)), ((2, 0), (0, 3))]:
        x, y = _random(rng, sx, F64), _random(rng, sy, F64)
        expected = np.dot(x, y)
        got = learner.call("naive_matrix_dot", x, y)
        assert_array_matches(
            got, expected, rtol=0, atol=_dot_atol(x, y, expected), what=f"result for {sx} . {sy}"
        )


@pytest.mark.points("naive_matrix_dot", weight=1)
@pytest.mark.parametrize(
    ("sx", "sy"), [((2, 3), (2, 3)), ((3,), (3, 2)), ((2, 3), (3,))],
    ids=["inner-mismatch", "x-1d", "y-1d"],
)
def test_naive_matrix_dot_shape_errors(learner, sx, sy):
    """x.shape[1] != y.shape[0] or non-2D inputs raise ValueError naming both shapes."""
    x, y = np.ones(sx), np.ones(sy)
    expect_raises(learner, "ValueError", "naive_matrix_dot", x, y, mentions=(str(x.shape), str(y.shape)))


@pytest.mark.points("naive_matrix_dot", weight=1)
def test_naive_matrix_dot_unmodified(learner):
    """naive_matrix_dot leaves x and y unchanged."""
    rng = _rng(32)
    x, y = _random(rng, (3, 4), F32), _random(rng, (4, 2), F32)
    expected = np.dot(x, y)
    got = call_unmodified(learner, "naive_matrix_dot", x, y)
    assert_array_matches(got, expected, rtol=0, atol=_dot_atol(x, y, expected))


@pytest.mark.points("naive_matrix_dot", weight=1)
def test_naive_matrix_dot_integrity(learner):
    """naive_matrix_dot works on single elements (no np.dot of rows and columns, no @)."""
    rng = _rng(33)
    x, y = _random(rng, (5, 6), F64), _random(rng, (6, 4), F64)
    expected = np.dot(x, y)
    got = call_naive(learner, "naive_matrix_dot", x, y)
    assert_array_matches(got, expected, rtol=0, atol=_dot_atol(x, y, expected))


# ------------------------------------------------------------------- naive_tensor_dot
@st.composite
def tensor_dot_cases(draw):
    """(x shape, y shape): x of rank 2-4 with y (d,), or x of rank 1-4 with y (d, e)."""
    y_rank = draw(st.sampled_from([1, 2]))
    x_shape = draw(hnp.array_shapes(min_dims=3 - y_rank, max_dims=4, min_side=1, max_side=4))
    d = x_shape[-1]
    y_shape = (d,) if y_rank == 1 else (d, draw(st.integers(1, 4)))
    return x_shape, y_shape


@pytest.mark.points("naive_tensor_dot", weight=3)
@hidden_settings
@given(case=tensor_dot_cases(), seed=st.integers(0, 2**16), dtype=st.sampled_from(FLOAT_DTYPES))
def test_naive_tensor_dot_values(learner, case, seed, dtype):
    """naive_tensor_dot equals np.dot for random N-D tensors with a 1D or 2D tensor."""
    rng = _rng(seed)
    x, y = _random(rng, case[0], dtype), _random(rng, case[1], dtype)
    expected = np.dot(x, y)
    got = learner.call("naive_tensor_dot", x, y)
    assert_array_matches(got, expected, rtol=0, atol=_dot_atol(x, y, expected))


@pytest.mark.points("naive_tensor_dot", weight=2)
@pytest.mark.parametrize("y_shape", [(5,), (5, 3)], ids=["vector", "matrix"])
def test_naive_tensor_dot_book_shapes(learner, y_shape):
    """(a, b, c, d) . (d,) -> (a, b, c) and (a, b, c, d) . (d, e) -> (a, b, c, e), as in the book."""
    rng = _rng(34)
    x, y = _random(rng, (2, 3, 4, 5), F64), _random(rng, y_shape, F64)
    expected = np.dot(x, y)
    got = learner.call("naive_tensor_dot", x, y)
    assert_array_matches(got, expected, rtol=0, atol=_dot_atol(x, y, expected))


@pytest.mark.points("naive_tensor_dot", weight=2)
@pytest.mark.parametrize(("dx", "dy"), DTYPE_PAIRS, ids=DTYPE_PAIR_IDS)
def test_naive_tensor_dot_dtypes(learner, dx, dy):
    """naive_tensor_dot's result has np.dot's dtype (float32 -> float32, int -> int)."""
    rng = _rng(35)
    x, y = _random(rng, (2, 3, 4), dx), _random(rng, (4, 2), dy)
    expected = np.dot(x, y)
    got = learner.call("naive_tensor_dot", x, y)
    assert_array_matches(got, expected, rtol=0, atol=_dot_atol(x, y, expected))


@pytest.mark.points("naive_tensor_dot", weight=1)
def test_naive_tensor_dot_edges(learner):
    """naive_tensor_dot of 2D . 1D, 1D . 2D (vector times matrix), size-1 axes and an empty leading axis."""
    rng = _rng(36)
    for sx, sy in [((3, 4), (4,)), ((4,), (4, 2)), ((1, 1, 1), (1,)), ((1, 1, 1), (1, 1)), ((0, 2, 3), (3, 2))]:
        x, y = _random(rng, sx, F64), _random(rng, sy, F64)
        expected = np.dot(x, y)
        got = learner.call("naive_tensor_dot", x, y)
        assert_array_matches(
            got, expected, rtol=0, atol=_dot_atol(x, y, expected), what=f"result for {sx} . {sy}"
        )


@pytest.mark.points("naive_tensor_dot", weight=1)
@pytest.mark.parametrize(
    ("sx", "sy"), [((2, 3, 4), (3,)), ((2, 3, 4), (3, 4)), ((2, 3, 4), (4, 2, 2)), ((), (3,))],
    ids=["vector-mismatch", "matrix-mismatch", "y-3d", "x-0d"],
)
def test_naive_tensor_dot_shape_errors(learner, sx, sy):
    """A last axis of x that differs from y's first axis, a 3D y or a 0D x raise ValueError naming both shapes."""
    x, y = np.ones(sx), np.ones(sy)
    expect_raises(learner, "ValueError", "naive_tensor_dot", x, y, mentions=(str(x.shape), str(y.shape)))


@pytest.mark.points("naive_tensor_dot", weight=1)
def test_naive_tensor_dot_unmodified(learner):
    """naive_tensor_dot leaves x and y unchanged."""
    rng = _rng(37)
    x, y = _random(rng, (2, 3, 4), F32), _random(rng, (4, 2), F32)
    expected = np.dot(x, y)
    got = call_unmodified(learner, "naive_tensor_dot", x, y)
    assert_array_matches(got, expected, rtol=0, atol=_dot_atol(x, y, expected))


@pytest.mark.points("naive_tensor_dot", weight=1)
def test_naive_tensor_dot_integrity(learner):
    """naive_tensor_dot works on single elements (no np.dot / np.tensordot / np.einsum on slices)."""
    rng = _rng(38)
    x, y = _random(rng, (2, 3, 5), F64), _random(rng, (5, 4), F64)
    expected = np.dot(x, y)
    got = call_naive(learner, "naive_tensor_dot", x, y)
    assert_array_matches(got, expected, rtol=0, atol=_dot_atol(x, y, expected))


# ---------------------------------------------------------------------- naive_reshape
@st.composite
def reshape_cases(draw):
    """(x shape, new shape): a random factorisation of x.size, maybe with one -1."""
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5))
    rest = math.prod(shape)
    target = []
    for _ in range(draw(st.integers(0, 2))):
        d = draw(st.sampled_from([k for k in range(1, rest + 1) if rest % k == 0]))
        target.append(d)
        rest //= d
    target.append(rest)
    target = draw(st.permutations(target))
    if draw(st.booleans()):
        target[draw(st.integers(0, len(target) - 1))] = -1
    return tuple(shape), tuple(target)


@pytest.mark.points("naive_reshape", weight=3)
@hidden_settings
@given(case=reshape_cases(), seed=st.integers(0, 2**16))
def test_naive_reshape_values(learner, case, seed):
    """naive_reshape equals np.reshape (row-major) for random shapes and factorisations, with or without -1."""
    x_shape, target = case
    x = _random(_rng(seed), x_shape, F64)
    got = learner.call("naive_reshape", x, target)
    assert_array_matches(got, np.reshape(x, target), rtol=0, atol=0)


@pytest.mark.points("naive_reshape", weight=2)
def test_naive_reshape_book_example(learner):
    """The book's (3, 2) matrix reshaped to (6, 1) and (2, 3), and MNIST-like (2, 28, 28) -> (2, 784)."""
    x = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
    for target in [(6, 1), (2, 3)]:
        got = learner.call("naive_reshape", x, target)
        assert_array_matches(got, x.reshape(target), rtol=0, atol=0, what=f"result for {target}")
    images = _random(_rng(39), (2, 28, 28), U8)
    got = learner.call("naive_reshape", images, (2, 784))
    assert_array_matches(got, images.reshape(2, 784), rtol=0, atol=0, what="result for (2, 28, 28) -> (2, 784)")


@pytest.mark.points("naive_reshape", weight=1)
@pytest.mark.parametrize("dtype", MOVE_DTYPES, ids=lambda d: np.dtype(d).name)
def test_naive_reshape_dtypes(learner, dtype):
    """naive_reshape keeps x's dtype (uint8, int64, float32, float64, bool)."""
    x = _random(_rng(40), (3, 4), dtype)
    got = learner.call("naive_reshape", x, (2, 6))
    assert_array_matches(got, x.reshape(2, 6), rtol=0, atol=0)


@pytest.mark.points("naive_reshape", weight=1)
def test_naive_reshape_edges(learner):
    """naive_reshape to the same shape, (1, 1) -> (1,), -1 first, a list shape and an empty (0, 3) -> (3, 0)."""
    rng = _rng(41)
    cases = [
        (_random(rng, (2, 3), F64), (2, 3)),
        (_random(rng, (1, 1), F64), (1,)),
        (_random(rng, (4, 3), F64), (-1, 2, 3)),
        (_random(rng, (6,), F64), [3, 2]),
        (np.zeros((0, 3)), (3, 0)),
    ]
    for x, target in cases:
        got = learner.call("naive_reshape", x, target)
        assert_array_matches(
            got, np.reshape(x, target), rtol=0, atol=0, what=f"result for {x.shape} -> {tuple(target)}"
        )


@pytest.mark.points("naive_reshape", weight=1)
@pytest.mark.parametrize(
    ("sx", "target"), [((2, 3), (4,)), ((2, 3), (4, -1)), ((2, 3), (-1, -1)), ((2, 3), (7, 1))],
    ids=["count", "minus-one-not-divisible", "two-minus-ones", "too-many"],
)
def test_naive_reshape_errors(learner, sx, target):
    """A shape with a different element count, an unresolvable -1 or two -1 raise ValueError naming x's shape."""
    x = np.ones(sx)
    expect_raises(learner, "ValueError", "naive_reshape", x, target, mentions=(str(x.shape),))


@pytest.mark.points("naive_reshape", weight=1)
def test_naive_reshape_unmodified(learner):
    """naive_reshape leaves x unchanged."""
    x = _random(_rng(42), (3, 4), F32)
    got = call_unmodified(learner, "naive_reshape", x, (4, 3))
    assert_array_matches(got, x.reshape(4, 3), rtol=0, atol=0)


@pytest.mark.points("naive_reshape", weight=1)
def test_naive_reshape_integrity(learner):
    """naive_reshape copies single elements (no np.reshape / .reshape / .ravel / .flatten)."""
    x = _random(_rng(43), (4, 6), F64)
    got = call_naive(learner, "naive_reshape", x, (3, -1))
    assert_array_matches(got, x.reshape(3, -1), rtol=0, atol=0)


# -------------------------------------------------------------------- naive_transpose
@pytest.mark.points("naive_transpose", weight=3)
@hidden_settings
@given(data=st.data(), dtype=st.sampled_from(FLOAT_DTYPES))
def test_naive_transpose_values(learner, data, dtype):
    """naive_transpose equals x.T for random (mostly non-square) float matrices."""
    x = data.draw(_arrays(dtype, matrix_shapes))
    got = learner.call("naive_transpose", x)
    assert_array_matches(got, x.T, rtol=0, atol=0)


@pytest.mark.points("naive_transpose", weight=1)
@pytest.mark.parametrize("dtype", MOVE_DTYPES, ids=lambda d: np.dtype(d).name)
def test_naive_transpose_dtypes(learner, dtype):
    """naive_transpose keeps x's dtype (uint8, int64, float32, float64, bool)."""
    x = _random(_rng(44), (3, 5), dtype)
    got = learner.call("naive_transpose", x)
    assert_array_matches(got, x.T, rtol=0, atol=0)


@pytest.mark.points("naive_transpose", weight=1)
def test_naive_transpose_edges(learner):
    """naive_transpose of 1x1, a row (1, n), a column (n, 1) and an empty (0, 3) matrix."""
    rng = _rng(45)
    for shape in [(1, 1), (1, 5), (4, 1), (0, 3)]:
        x = _random(rng, shape, F64)
        got = learner.call("naive_transpose", x)
        assert_array_matches(got, x.T, rtol=0, atol=0, what=f"result for shape {shape}")


@pytest.mark.points("naive_transpose", weight=1)
@pytest.mark.parametrize("shape", [(4,), (2, 3, 4)], ids=["1d", "3d"])
def test_naive_transpose_wrong_rank(learner, shape):
    """naive_transpose of a 1D or 3D tensor raises ValueError naming its shape."""
    x = np.ones(shape)
    expect_raises(learner, "ValueError", "naive_transpose", x, mentions=(str(x.shape),))


@pytest.mark.points("naive_transpose", weight=1)
def test_naive_transpose_unmodified(learner):
    """naive_transpose leaves x unchanged (no in-place swaps)."""
    x = _random(_rng(46), (4, 4), F32)
    got = call_unmodified(learner, "naive_transpose", x)
    assert_array_matches(got, x.T, rtol=0, atol=0)


@pytest.mark.points("naive_transpose", weight=1)
def test_naive_transpose_integrity(learner):
    """naive_transpose copies single elements (no .T / np.transpose / np.swapaxes)."""
    x = _random(_rng(47), (5, 7), F64)
    got = call_naive(learner, "naive_transpose", x)
    assert_array_matches(got, x.T, rtol=0, atol=0)


# ---------------------------------------------------------------------- dense_forward
ACTIVATIONS = ["relu", "sigmoid", "softmax", None]


@cached_reference  # same derandomised inputs for every submission: compute once per session
def _keras_dense(x: np.ndarray, kernel: np.ndarray, b: np.ndarray, activation) -> np.ndarray:
    """Apply keras.layers.Dense with this kernel and bias b to x (Keras imported lazily)."""
    import keras

    layer = keras.layers.Dense(kernel.shape[1], activation=activation, dtype="float32")
    layer.build((None, kernel.shape[0]))
    layer.set_weights([kernel, b])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Keras warns about softmax over 1 unit
        return np.asarray(keras.ops.convert_to_numpy(layer(x)))


def _dense_atol(x: np.ndarray, kernel: np.ndarray, b: np.ndarray) -> float:
    """Bound the float32 error of x . kernel + b (the activations are 1-Lipschitz or squash errors)."""
    bound = np.abs(x).astype(F64) @ np.abs(kernel).astype(F64) + np.abs(b)
    scale = float(bound.max()) if bound.size else 0.0
    return 2 * (x.shape[1] + 2) * float(np.finfo(F32).eps) * scale + 1e-7


@st.composite
def dense_cases(draw, bound: float = 3.0):
    """Draw float32 (inputs, kernel, b) of random compatible shapes and values in [-bound, bound]."""
    batch, n_in, units = draw(st.integers(1, 5)), draw(st.integers(1, 6)), draw(st.integers(1, 5))
    x = draw(_arrays(F32, (batch, n_in), bound))
    kernel = draw(_arrays(F32, (n_in, units), bound))
    b = draw(_arrays(F32, (units,), bound))
    return x, kernel, b


@pytest.mark.points("dense_forward", weight=4)
@pytest.mark.parametrize("activation", ACTIVATIONS, ids=str)
@hidden_settings
@given(case=dense_cases())
def test_dense_forward_matches_keras(learner, activation, case):
    """dense_forward equals keras.layers.Dense with the same kernel, bias and activation on random shapes."""
    x, kernel, b = case
    got = learner.call("dense_forward", x, kernel, b, activation=activation)
    expected = _keras_dense(x, kernel, b, activation)
    assert_array_matches(got, expected, rtol=1e-5, atol=_dense_atol(x, kernel, b))


@pytest.mark.points("dense_forward", weight=1)
def test_dense_forward_default_relu(learner):
    """dense_forward without an activation argument applies relu (the default)."""
    rng = _rng(48)
    x, kernel, b = _random(rng, (4, 3), F32), _random(rng, (3, 5), F32), _random(rng, (5,), F32)
    got = learner.call("dense_forward", x, kernel, b)
    expected = _keras_dense(x, kernel, b, "relu")
    assert_array_matches(got, expected, rtol=1e-5, atol=_dense_atol(x, kernel, b))


@pytest.mark.points("dense_forward", weight=1)
@pytest.mark.parametrize("activation", ACTIVATIONS, ids=str)
def test_dense_forward_dtype(learner, activation):
    """dense_forward returns float32 for float32 inputs, whatever the activation."""
    rng = _rng(49)
    x, kernel, b = _random(rng, (3, 4), F32), _random(rng, (4, 2), F32), _random(rng, (2,), F32)
    got = learner.call("dense_forward", x, kernel, b, activation=activation)
    expected = _keras_dense(x, kernel, b, activation)
    assert_array_matches(got, expected, rtol=1e-5, atol=_dense_atol(x, kernel, b))


@pytest.mark.points("dense_forward", weight=1)
def test_dense_forward_softmax_large_logits(learner):
    """dense_forward's softmax is numerically stable: logits around +-1000 give Keras's finite probabilities."""
    x = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=F32)
    kernel = np.array([[1000.0, 999.0, -1000.0], [-500.0, 990.0, 1000.0]], dtype=F32)
    b = np.array([0.0, 0.5, 1.0], dtype=F32)
    got = learner.call("dense_forward", x, kernel, b, activation="softmax")
    expected = _keras_dense(x, kernel, b, "softmax")
    # logits up to 1990 in float32: Keras and any stable formula agree to ~1e-6 absolute
    assert_array_matches(got, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.points("dense_forward", weight=1)
def test_dense_forward_sigmoid_saturated(learner):
    """dense_forward's sigmoid gives Keras's 0 and 1 (not nan) for pre-activations around +-200."""
    x = np.array([[1.0], [-1.0], [0.5]], dtype=F32)
    kernel = np.array([[200.0, -150.0, 5.0]], dtype=F32)
    b = np.array([0.0, 0.0, 0.0], dtype=F32)
    got = learner.call("dense_forward", x, kernel, b, activation="sigmoid")
    expected = _keras_dense(x, kernel, b, "sigmoid")
    assert_array_matches(got, expected, rtol=1e-5, atol=1e-6)


@functools.cache
def _mnist_sized_case() -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """A (16, 784) batch, a (784, 512) kernel, a bias and the error bound: made once per session, read-only.

    Drawing the 400,000 kernel weights and bounding the product once per submission cost the
    grading process time in every submission of a batch; every submission gets the same values.
    """
    rng = _rng(50)
    x = rng.uniform(0, 1, size=(16, 784)).astype(F32)
    kernel = rng.normal(0, 0.05, size=(784, 512)).astype(F32)
    b = rng.normal(0, 0.1, size=(512,)).astype(F32)
    for array in (x, kernel, b):
        array.flags.writeable = False
    return x, kernel, b, _dense_atol(x, kernel, b)


@pytest.mark.points("dense_forward", weight=1)
def test_dense_forward_mnist_sizes(learner):
    """dense_forward on the book's first layer sizes: a (16, 784) batch through a (784, 512) kernel, relu."""
    x, kernel, b, atol = _mnist_sized_case()
    got = learner.call("dense_forward", x, kernel, b, activation="relu")
    expected = _keras_dense(x, kernel, b, "relu")
    assert_array_matches(got, expected, rtol=1e-5, atol=atol)


@pytest.mark.points("dense_forward", weight=1)
@pytest.mark.parametrize(
    ("sx", "sw", "sb", "offending"),
    [
        ((2, 5), (4, 3), (3,), "xw"),
        ((2, 4), (4, 3), (2,), "wb"),
        ((4,), (4, 3), (3,), "x"),
    ],
    ids=["inputs-kernel", "kernel-bias", "inputs-1d"],
)
def test_dense_forward_shape_errors(learner, sx, sw, sb, offending):
    """Inputs/kernel/bias shapes that do not fit raise ValueError naming the offending shapes."""
    x, kernel, b = np.ones(sx, dtype=F32), np.ones(sw, dtype=F32), np.ones(sb, dtype=F32)
    mentions = {
        "xw": (str(x.shape), str(kernel.shape)),
        "wb": (str(kernel.shape), str(b.shape)),
        "x": (str(x.shape),),
    }[offending]
    expect_raises(learner, "ValueError", "dense_forward", x, kernel, b, mentions=mentions)


@pytest.mark.points("dense_forward", weight=1)
@pytest.mark.parametrize("activation", ACTIVATIONS, ids=str)
def test_dense_forward_unmodified(learner, activation):
    """dense_forward leaves inputs, W and b unchanged (no in-place += b or activation)."""
    rng = _rng(51)
    x, kernel, b = _random(rng, (3, 4), F32), _random(rng, (4, 2), F32), _random(rng, (2,), F32)
    got = call_unmodified(learner, "dense_forward", x, kernel, b, activation=activation)
    expected = _keras_dense(x, kernel, b, activation)
    assert_array_matches(got, expected, rtol=1e-5, atol=_dense_atol(x, kernel, b))
