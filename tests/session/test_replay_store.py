"""Recorded examples on disk (grader.session.replay_store) and the example book's fallbacks (grader.session.replay)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.session.replay import ExampleBook
from grader.session.replay_store import Example, Record, load, record_file, store


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.dtype == b.dtype
                and a.shape == b.shape and np.array_equal(a, b, equal_nan=True))
    if isinstance(a, np.generic):
        return type(a) is type(b) and (a == b or (np.isnan(a) and np.isnan(b)))
    if isinstance(a, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return type(b) is dict and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float) and np.isnan(a):
        return isinstance(b, float) and np.isnan(b)
    return type(a) is type(b) and a == b


VALUES: dict[str, Any] = {
    "f32": np.array([[1.5, -0.0], [np.nan, np.inf]], dtype=np.float32),
    "empty": np.zeros((0, 3), dtype=np.int8),
    "bool": np.array([True, False]),
    "c128": np.array([1 + 2j]),
    "scalar": np.float64(2.5),
    "type": np.float32,
    "booltype": np.bool_,
    "dtype": np.dtype(">i4"),
    "shape": (3, 4),
    "list": [1, "two", None, 3.25, float("nan"), -0.0],
    "nested": {"a": (np.uint8(7), [np.arange(3)])},
    "shapes": hnp.BroadcastableShapes(input_shapes=((2, 1), (3,)), result_shape=(2, 3)),
}


def test_every_kind_of_value_a_check_receives_survives_the_round_trip(tmp_path: Path) -> None:
    """Every kind of value a check receives comes back with the same type, dtype, shape and value.

    Arrays (every dtype kind, empty, nan/inf), NumPy scalars, scalar types, dtypes, tuples,
    lists, dicts and Hypothesis's BroadcastableShapes.
    """
    record = Record([Example(dict(VALUES), ("data",), [("shape", (2, 2)), (None, VALUES["f32"])]),
                     Example({"x": 1}, (), [])])
    path = tmp_path / "r.npz"
    store(path, record)
    back = load(path)
    assert back is not None and len(back.examples) == 2
    first = back.examples[0]
    for name, value in VALUES.items():
        assert _same(first.given[name], value), name
    assert first.data_names == ("data",)
    assert first.draws[0] == ("shape", (2, 2)) and _same(first.draws[1][1], VALUES["f32"])
    assert back.examples[1].given == {"x": 1}


@pytest.mark.parametrize("value", [object(), np.array(["text"]), {1: "int key"}, np.array([object()])],
                         ids=["object", "str-array", "int-key", "object-array"])
def test_values_the_format_cannot_hold_write_no_file(tmp_path: Path, value: Any) -> None:
    """A record holding a value of an unknown kind is kept in memory only: no file, nothing pickled."""
    path = tmp_path / "r.npz"
    store(path, Record([Example({"v": value}, (), [])]))
    assert not path.exists()


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"], ids=["empty", "garbage", "truncated"])
def test_unreadable_files_are_ignored(tmp_path: Path, content: bytes) -> None:
    """A damaged file reads as no record (the engine runs again), never as a half-trusted one."""
    path = tmp_path / "r.npz"
    path.write_bytes(content)
    assert load(path) is None


def test_a_pickled_file_is_refused(tmp_path: Path) -> None:
    """A file holding a pickled (object) array is refused: loading never unpickles."""
    path = tmp_path / "r.npz"
    np.savez(path, meta=np.array('[{"given": ["v", 1], "data": [], "draws": []}]'),
             a0=np.array([object()], dtype=object))
    assert load(path) is None


def test_record_file_depends_on_the_check_and_its_suite(tmp_path: Path) -> None:
    """Another check, or an edited suite file, names another record."""
    base = record_file(tmp_path, "tensor_ops::test_x", b"suite v1")
    assert base == record_file(tmp_path, "tensor_ops::test_x", b"suite v1")
    assert base != record_file(tmp_path, "tensor_ops::test_y", b"suite v1")
    assert base != record_file(tmp_path, "tensor_ops::test_x", b"suite v2")


def _check(log: list[Any], fail_above: float | None = None) -> Any:
    @settings(derandomize=True, database=None, max_examples=8, deadline=None)
    @given(data=st.data(), n=st.integers(1, 4))
    def check(data: Any, n: int) -> None:
        x = data.draw(hnp.arrays(np.float64, n, elements=st.floats(0, 10)), label="x")
        log.append((n, x.tolist()))
        if fail_above is not None and x.sum() > fail_above:
            raise AssertionError(f"sum {x.sum()}")

    return check


def test_a_replayed_check_that_draws_otherwise_runs_the_engine() -> None:
    """If a check's draws do not match the record (another label), the book falls back to Hypothesis's engine."""
    log: list[Any] = []
    book = ExampleBook()
    book.run("k", _check(log), {})
    engine_examples = list(log)
    example = book.records["k"].examples[0]
    example.draws[0] = ("renamed", example.draws[0][1])
    log.clear()
    book.run("k", _check(log), {})
    assert (book.generated, book.replayed) == (2, 0)
    assert log == engine_examples  # the engine's own examples, after the one aborted replay draw
    log.clear()
    book.run("k", _check(log), {})
    assert (book.generated, book.replayed) == (2, 1) and log == engine_examples


def test_a_failing_run_records_nothing_and_a_failing_replay_raises_its_error() -> None:
    """A run that fails leaves no record (its list stops early); a replay raises the check's own error."""
    log: list[Any] = []
    book = ExampleBook()
    with pytest.raises(AssertionError, match="sum"):
        book.run("k", _check(log, fail_above=-1.0), {})
    assert "k" not in book.records
    book.run("k", _check(log), {})
    assert len(book.records["k"].examples) == 8
    with pytest.raises(AssertionError, match="sum"):
        book.run("k", _check(log, fail_above=5.0), {})
    assert book.replayed == 1
