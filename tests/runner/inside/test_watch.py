"""Integrity watch: honest element-by-element loops pass, whole-array NumPy is caught.

Learner code is written to a temporary module and called through an
:class:`~grader.runner.client.InProcessLearner`, exactly as a suite's ``call_naive`` does.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grader.authoring.testing import MIN_WATCHED_ELEMENTS, call_naive
from grader.runner.client import InProcessLearner
from grader.runner.errors import IntegrityViolation
from grader.runner.inside.watch import ALLOWED_FUNCTIONS, Watched, unwatch, watch, watching

HONEST = '''
import numpy as np


def relu_range_loops(x):
    z = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = max(x[i, j], 0)
    return z


def relu_chained_index(x):
    z = np.zeros_like(x)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i][j] = max(x[i][j], 0)
    return z


def relu_iterate_rows(x):
    out = []
    for row in x:
        values = []
        for v in row:
            values.append(max(v, 0))
        out.append(values)
    return np.array(out, dtype=x.dtype)


def relu_ndindex(x):
    z = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        z[idx] = x[idx] if x[idx] > 0 else 0
    return z


def relu_comprehension(x):
    return np.array(
        [[max(x[i, j], 0) for j in range(x.shape[1])] for i in range(x.shape[0])], dtype=x.dtype
    )


def relu_validated(x):
    if x.ndim != 2 or np.isnan(x).any() or not np.isfinite(x).all():
        raise ValueError(f"bad input {x.shape}")
    z = np.full_like(x, 0)
    for i, j in np.ndindex(*x.shape):
        if x[i, j] > 0:
            z[i, j] = x[i, j]
    return z


def add_rows(x, y):
    z = np.zeros(x.shape, dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = x[i, j] + y[j]
    return z


def matrix_dot(x, y):
    z = np.zeros((x.shape[0], y.shape[1]), dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            for k in range(x.shape[1]):
                z[i, j] += x[i, k] * y[k, j]
    return z


def transpose(x):
    z = np.empty((x.shape[1], x.shape[0]), dtype=x.dtype)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[j, i] = x[i, j]
    return z


def total(x):
    s = 0.0
    for (i, j), v in np.ndenumerate(x):
        s += v
    return s
'''

CHEATS = '''
import numpy as np


def maximum(x):
    return np.maximum(x, 0)


def row_add(x, y):
    z = x.copy()
    for i in range(x.shape[0]):
        z[i] = x[i] + y
    return z


def dot(x, y):
    return np.dot(x, y)


def hidden_dot(x, y):
    return getattr(np, "d" + "ot")(x, y)


def aliased_dot(x, y):
    from numpy import dot as d
    return d(x, y)


def matmul_operator(x, y):
    return x @ y


def method_sum(x):
    return x.sum()


def transpose_attr(x):
    return x.T.copy()


def reshape_method(x):
    return x.reshape(x.shape[1], x.shape[0]).copy()


def broadcast(y, shape):
    return np.broadcast_to(y, shape).copy()


def tile(y, shape):
    return np.tile(y, (shape[0], 1))


def einsum(x, y):
    return np.einsum("ij,jk->ik", x, y)


def where(x):
    return np.where(x > 0, x, 0)


def clip_method(x):
    return x.clip(0)


def asarray_strip(x):
    return np.maximum(np.asarray(x), 0)


def view_strip(x):
    return np.maximum(x.view(np.ndarray), 0)


def tolist_round_trip(x):
    return np.maximum(np.array(x.tolist()), 0).astype(x.dtype)


def small_loop_over_rows(x):
    z = np.asarray(x).copy()
    for i in range(x.shape[0]):
        z[i] = np.maximum(np.asarray(x[i]), 0)
    return z
'''

RNG_SEED = 20240601


@pytest.fixture(scope="module")
def data() -> dict[str, np.ndarray]:
    """Seeded float32 operands: x (5, 6), a row vector (6,) and a matrix (6, 4)."""
    rng = np.random.default_rng(RNG_SEED)
    return {
        "x": rng.standard_normal((5, 6)).astype(np.float32),
        "v": rng.standard_normal(6).astype(np.float32),
        "m": rng.standard_normal((6, 4)).astype(np.float32),
    }


def _learner(tmp_path: Path, name: str, source: str) -> InProcessLearner:
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return InProcessLearner(tmp_path, name)


@pytest.fixture
def honest(tmp_path: Path) -> InProcessLearner:
    """Load a module of honest loop implementations in-process."""
    return _learner(tmp_path, "honest_ops", HONEST)


@pytest.fixture
def cheats(tmp_path: Path) -> InProcessLearner:
    """Load a module of vectorised cheats in-process."""
    return _learner(tmp_path, "cheat_ops", CHEATS)


@pytest.mark.parametrize(
    "function",
    ["relu_range_loops", "relu_chained_index", "relu_iterate_rows", "relu_ndindex", "relu_comprehension",
     "relu_validated"],
)
def test_honest_relu_loops_are_not_flagged(
    honest: InProcessLearner, data: dict[str, np.ndarray], function: str
) -> None:
    """Every honest element-by-element relu style passes call_naive and returns np.maximum(x, 0) exactly."""
    x = data["x"]
    got = call_naive(honest, function, x)
    np.testing.assert_array_equal(got, np.maximum(x, 0), strict=True)
    record = honest.run(function, (x,), watch=True)
    assert record.operations == ()
    assert record.lines >= x.size
    assert record.elements == x.size


@pytest.mark.parametrize(
    ("function", "args", "expected"),
    [
        ("add_rows", ("x", "v"), lambda d: d["x"] + d["v"]),
        ("matrix_dot", ("x", "m"), lambda d: d["x"] @ d["m"]),
        ("transpose", ("x",), lambda d: d["x"].T),
        ("total", ("x",), lambda d: float(d["x"].sum(dtype=np.float64))),
    ],
)
def test_honest_loops_of_other_operations_are_not_flagged(
    honest: InProcessLearner, data: dict[str, np.ndarray], function: str, args: tuple[str, ...], expected: Any
) -> None:
    """Honest row-broadcast add, triple-loop matrix product, transpose and ndenumerate sum pass call_naive."""
    got = call_naive(honest, function, *(data[a] for a in args))
    np.testing.assert_allclose(got, expected(data), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    ("function", "args", "seen"),
    [
        ("maximum", ("x",), "maximum"),
        ("row_add", ("x", "v"), "add"),
        ("dot", ("x", "m"), "np.dot"),
        ("hidden_dot", ("x", "m"), "np.dot"),
        ("aliased_dot", ("x", "m"), "np.dot"),
        ("matmul_operator", ("x", "m"), "matmul"),
        ("method_sum", ("x",), "add.reduce"),
        ("transpose_attr", ("x",), ".T()"),
        ("reshape_method", ("x",), ".reshape()"),
        ("broadcast", ("v", (5, 6)), "np.broadcast_to"),
        ("tile", ("v", (5, 6)), "np.tile"),
        ("einsum", ("x", "m"), "np.einsum"),
        ("where", ("x",), "np.where"),
        ("clip_method", ("x",), "maximum"),
    ],
)
def test_vectorised_cheats_are_flagged_by_operand_tracking(
    cheats: InProcessLearner, data: dict[str, np.ndarray], function: str, args: tuple[Any, ...], seen: str
) -> None:
    """Each whole-array operation is recorded by name and call_naive raises IntegrityViolation naming it."""
    values = tuple(data[a] if isinstance(a, str) else a for a in args)
    record = cheats.run(function, values, watch=True)
    assert seen in record.operations
    with pytest.raises(IntegrityViolation) as info:
        call_naive(cheats, function, *values)
    assert info.value.status == "integrity"
    assert seen in str(info.value)
    assert "整个数组" in info.value.texts["zh"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("function", ["asarray_strip", "view_strip", "tolist_round_trip"])
def test_stripped_watch_is_caught_by_line_count(
    cheats: InProcessLearner, data: dict[str, np.ndarray], function: str
) -> None:
    """np.asarray / .view(np.ndarray) / tolist round trips hide the operands, but too few Python lines ran."""
    x = data["x"]
    record = cheats.run(function, (x,), watch=True)
    assert record.operations == ()
    assert record.elements == x.size >= MIN_WATCHED_ELEMENTS
    assert record.lines * 2 < record.elements
    with pytest.raises(IntegrityViolation) as info:
        call_naive(cheats, function, x)
    assert f"{x.size} elements" in str(info.value)


def test_row_loop_with_stripped_rows_is_caught_on_wide_inputs(cheats: InProcessLearner) -> None:
    """A loop over 4 rows of 32 columns that hands each stripped row to NumPy runs far too few lines."""
    x = np.random.default_rng(RNG_SEED + 1).standard_normal((4, 32))
    record = cheats.run("small_loop_over_rows", (x,), watch=True)
    assert record.operations == ()
    assert 0 < record.lines * 2 < record.elements == x.size
    with pytest.raises(IntegrityViolation):
        call_naive(cheats, "small_loop_over_rows", x)


def test_line_count_is_not_used_below_the_minimum_size(cheats: InProcessLearner) -> None:
    """On an input smaller than MIN_WATCHED_ELEMENTS the runtime signals let the stripped cheat through.

    Too little signal for the line count; the static check of the source (grader.authoring.integrity) still
    catches np.maximum(np.asarray(x), 0), and its message, not the line count's, is what call_naive raises.
    """
    x = np.array([[-1.0, 2.0], [3.0, -4.0]], dtype=np.float32)
    assert x.size < MIN_WATCHED_ELEMENTS
    record = cheats.run("asarray_strip", (x,), watch=True)
    assert record.operations == ()
    np.testing.assert_array_equal(record.value, np.maximum(x, 0))
    with pytest.raises(IntegrityViolation) as info:
        call_naive(cheats, "asarray_strip", x)
    assert str(info.value).startswith("integrity — asarray_strip line 66 uses np.maximum")
    assert "elements" not in str(info.value)


def test_watch_wraps_nested_containers_and_unwatch_unwraps() -> None:
    """watch() turns arrays inside tuples/lists/dicts into Watched views; unwatch() gives plain arrays back."""
    a, b = np.arange(4.0), np.ones((2, 2))
    wrapped = watch((a, [b, 3], {"k": a}))
    assert type(wrapped[0]) is Watched and type(wrapped[1][0]) is Watched and type(wrapped[2]["k"]) is Watched
    assert wrapped[1][1] == 3
    assert np.shares_memory(wrapped[0], a)
    plain = unwatch(wrapped)
    assert type(plain[0]) is np.ndarray and type(plain[1][0]) is np.ndarray and type(plain[2]["k"]) is np.ndarray
    assert isinstance(plain, tuple) and isinstance(plain[1], list) and isinstance(plain[2], dict)


def test_elements_and_size_one_arrays_are_not_recorded() -> None:
    """Arithmetic on single elements or on size-1 arrays is not whole-array work."""
    x = watch(np.arange(12.0).reshape(3, 4))
    with watching() as (operations, _):
        _ = x[1, 2] * 2 + x[0, 0]
        _ = x[0:1, 0:1] + 1
        _ = max(x[2, 3], 0)
    assert operations == []


def test_watching_records_only_inside_the_block_and_restores_tracing() -> None:
    """Operations are logged only while watching; the previous trace function is restored afterwards."""
    x = watch(np.arange(6.0))
    before = sys.gettrace()
    with watching() as (operations, lines):
        _ = x + 1
    assert operations == ["add"]
    assert lines[0] >= 1
    assert sys.gettrace() is before
    _ = x * 2  # outside the block: nowhere to record
    assert operations == ["add"]


def test_allowed_functions_are_not_recorded_even_through_their_internals() -> None:
    """zeros_like/ones_like/full_like/empty_like/copy on a watched input record nothing (zeros_like uses copyto)."""
    x = watch(np.ones((3, 3)))
    assert {"zeros_like", "ones_like", "full_like", "empty_like", "copy"} <= ALLOWED_FUNCTIONS
    with watching() as (operations, _):
        np.zeros_like(x)
        np.ones_like(x)
        np.full_like(x, 2.0)
        np.empty_like(x)
        np.copy(x)
        np.shape(x)
    assert operations == []
    with watching() as (operations, _):
        np.copyto(np.zeros((3, 3)), x)
    assert operations == ["np.copyto"]


def test_tolerated_predicates_do_not_taint_their_mask_but_arithmetic_is_still_seen() -> None:
    """np.isnan(x).any() is validation (not recorded); multiplying the mask with x is recorded."""
    x = watch(np.ones((3, 3)))
    with watching() as (operations, _):
        _ = np.isnan(x).any() or not np.isfinite(x).all()
    assert operations == []
    with watching() as (operations, _):
        _ = np.isfinite(x) * x
    assert operations == ["multiply"]


def test_watched_results_stay_watched() -> None:
    """A result derived from a watched input is itself watched, so chained cheats are seen too."""
    x = watch(np.arange(6.0).reshape(2, 3))
    with watching() as (operations, _):
        y = x[0] + 0.0  # a whole row
        _ = y * 2
    assert type(y) is Watched
    assert operations == ["add", "multiply"]
