"""Suite helpers: comparisons with precise bilingual messages, and the call helpers."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from grader.authoring.testing import (
    Feedback,
    assert_array_matches,
    assert_scalar_matches,
    build_named,
    call_naive,
    call_unmodified,
    expect_raises,
    fail,
    hidden_settings,
    named,
)
from grader.runner.client import InProcessLearner
from grader.runner.errors import IntegrityViolation, LearnerRaised
from grader.runner.protocol import Named

LEARNER = '''
import numpy as np


class ShapeError(ValueError):
    pass


def no_raise(x):
    return x


def uses_assert(x):
    assert x.ndim == 2, "x must be 2D"
    return x


def wrong_type(x):
    raise TypeError(f"bad input {x.shape}")


def subclass(x):
    raise ShapeError(f"x has shape {x.shape}")


def vague(x):
    raise ValueError("bad input")


def precise(x, y):
    raise ValueError(f"shapes {x.shape} and {y.shape} differ")


def numpy_spelling(x, y):
    raise ValueError(f"operands could not be broadcast together with shapes {x.shape} {y.shape}".replace(", ", ","))


def writes(x):
    x[0] = 42
    return x


def writes_anyway(x):
    x.flags.writeable = True
    x[0] = 42
    return x.copy()


def copies(x):
    z = x.copy()
    z[0] = 42
    return z


def relu(x):
    z = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = max(x[i, j], 0)
    return z


def relu_cheat(x):
    return np.maximum(x, 0)


def apply(f, x):
    return f(x)
'''


@pytest.fixture
def learner(tmp_path: Path) -> InProcessLearner:
    """Load a small learner module in-process, one function per helper path."""
    (tmp_path / "helpers_mod.py").write_text(textwrap.dedent(LEARNER), encoding="utf-8")
    return InProcessLearner(tmp_path, "helpers_mod")


def _texts(info: pytest.ExceptionInfo[Feedback]) -> tuple[str, str]:
    return info.value.texts["en"], info.value.texts["zh"]


# --- assert_array_matches ------------------------------------------------------------------


def test_array_matches_passes_on_equal_arrays_with_nan_in_the_same_places() -> None:
    """Equal arrays pass, also with NaN at the same positions and within the given tolerance."""
    e = np.array([[1.0, np.nan], [np.inf, -2.0]])
    assert_array_matches(e.copy(), e, rtol=0, atol=0)
    assert_array_matches(e + np.array([[1e-7, 0], [0, 0]]), e, rtol=0, atol=1e-6)
    assert_array_matches(np.array([1 + 2j, np.nan]), np.array([1 + 2j, np.nan]), rtol=0, atol=0)
    assert_array_matches(np.array([True, False]), np.array([True, False]), rtol=0, atol=0)


def test_array_matches_reports_non_array_results() -> None:
    """A list instead of an array fails with the type named, in English and Chinese."""
    with pytest.raises(Feedback) as info:
        assert_array_matches([1.0, 2.0], np.array([1.0, 2.0]), rtol=0, atol=0, what="naive_relu(x)")
    en, zh = _texts(info)
    assert en == "naive_relu(x): returned list, expected a NumPy array"
    assert "list" in zh and "NumPy 数组" in zh
    with pytest.raises(Feedback, match="NumPy float64 scalar"):
        assert_array_matches(np.float64(1), np.array([1.0]), rtol=0, atol=0)


def test_array_matches_reports_the_shape() -> None:
    """A wrong shape fails naming both shapes."""
    with pytest.raises(Feedback) as info:
        assert_array_matches(np.zeros((2, 3)), np.zeros((3, 2)), rtol=0, atol=0)
    en, zh = _texts(info)
    assert en == "result: shape (2, 3), expected (3, 2)"
    assert "(2, 3)" in zh and "(3, 2)" in zh and "形状" in zh


def test_array_matches_reports_dtype_names_unless_told_not_to() -> None:
    """float32 vs float64 fails naming both dtypes; with check_dtype=False equal values pass."""
    got = np.ones((2, 2), dtype=np.float32)
    with pytest.raises(Feedback) as info:
        assert_array_matches(got, np.ones((2, 2)), rtol=0, atol=0)
    en, zh = _texts(info)
    assert en == "result: returned float32, expected float64"
    assert "float32" in zh and "float64" in zh
    assert_array_matches(got, np.ones((2, 2)), rtol=0, atol=0, check_dtype=False)


def test_array_matches_refuses_non_numeric_arrays() -> None:
    """String arrays cannot be compared numerically: they fail with their dtype named."""
    with pytest.raises(Feedback, match="str"):
        assert_array_matches(np.array(["a"]), np.array(["a"]), rtol=0, atol=0)


def test_array_matches_names_the_first_mismatch_and_counts_them() -> None:
    """The message gives the count of mismatches, the first index in row-major order and both values."""
    expected = np.arange(12, dtype=np.float64).reshape(3, 4)
    got = expected.copy()
    got[1, 2] = 60.5
    got[2, 0] = -1.0
    with pytest.raises(Feedback) as info:
        assert_array_matches(got, expected, rtol=1e-7, atol=1e-9, what="naive_add(x, y)")
    en, zh = _texts(info)
    assert en == (
        "naive_add(x, y): 2 of 12 values differ (rtol=1e-07, atol=1e-09); "
        "first at index (1, 2): expected 6, got 60.5"
    )
    assert "12 个值中有 2 个不同" in zh and "(1, 2)" in zh and "60.5" in zh


def test_array_matches_tolerances_are_honoured_at_the_boundary() -> None:
    """A difference just inside atol passes; just outside it fails."""
    expected = np.zeros(3)
    assert_array_matches(np.array([0.0, 0.99e-3, 0.0]), expected, rtol=0, atol=1e-3)
    with pytest.raises(Feedback, match=r"index \(1,\)"):
        assert_array_matches(np.array([0.0, 1.01e-3, 0.0]), expected, rtol=0, atol=1e-3)


def test_array_matches_nan_where_a_number_is_expected_fails() -> None:
    """NaN in the result where the reference has a number (or the reverse) is a mismatch."""
    with pytest.raises(Feedback, match="expected 0, got nan"):
        assert_array_matches(np.array([np.nan, 1.0]), np.array([0.0, 1.0]), rtol=0, atol=0)
    with pytest.raises(Feedback, match="expected nan, got 0"):
        assert_array_matches(np.array([0.0]), np.array([np.nan]), rtol=0, atol=0)


def test_array_matches_zero_dimensional() -> None:
    """0-d arrays are compared as arrays: equal passes, different fails at index ()."""
    assert_array_matches(np.array(2.5), np.array(2.5), rtol=0, atol=0)
    with pytest.raises(Feedback, match=r"index \(\): expected 2.5, got 3"):
        assert_array_matches(np.array(3.0), np.array(2.5), rtol=0, atol=0)


# --- assert_scalar_matches -----------------------------------------------------------------


@pytest.mark.parametrize(
    "got",
    [1.5, np.float32(1.5), np.float64(1.5), np.array(1.5), np.array(1.5, dtype=np.float16)],
    ids=["float", "np.float32", "np.float64", "0d-float64", "0d-float16"],
)
def test_scalar_matches_accepts_every_kind_of_number(got: object) -> None:
    """Python floats, NumPy scalars and 0-d arrays equal to the reference pass."""
    assert_scalar_matches(got, 1.5, rtol=0, atol=0)


def test_scalar_matches_ints_and_nan() -> None:
    """Python/NumPy ints pass against an equal float; NaN matches NaN."""
    assert_scalar_matches(3, 3.0, rtol=0, atol=0)
    assert_scalar_matches(np.int64(3), 3.0, rtol=0, atol=0)
    assert_scalar_matches(float("nan"), float("nan"), rtol=0, atol=0)


@pytest.mark.parametrize(
    "got", [True, np.bool_(True), np.array([1.5]), [1.5], "1.5", None],
    ids=["bool", "np.bool", "1d-array", "list", "str", "None"],
)
def test_scalar_matches_refuses_non_numbers(got: object) -> None:
    """Booleans, 1-element arrays, lists, strings and None are not numbers: the type is named."""
    with pytest.raises(Feedback) as info:
        assert_scalar_matches(got, 1.5, rtol=0, atol=0)
    en, zh = _texts(info)
    assert en.startswith("result: returned ") and en.endswith("expected a number")
    assert "应为一个数" in zh


def test_scalar_matches_reports_both_values_and_tolerances() -> None:
    """A wrong number fails with expected, got and the tolerances in both languages."""
    with pytest.raises(Feedback) as info:
        assert_scalar_matches(np.float32(1.25), 1.5, rtol=1e-6, atol=1e-3, what="naive_vector_dot(x, y)")
    en, zh = _texts(info)
    assert en == "naive_vector_dot(x, y): expected 1.5, got 1.25 (rtol=1e-06, atol=0.001)"
    assert "应为 1.5" in zh and "实际为 1.25" in zh


def test_fail_raises_feedback_with_both_texts() -> None:
    """fail(en, zh) raises a Feedback (an AssertionError) carrying both messages."""
    with pytest.raises(AssertionError) as info:
        fail(en="wrong answer", zh="答案错误")
    assert isinstance(info.value, Feedback)
    assert info.value.texts == {"en": "wrong answer", "zh": "答案错误"}
    assert str(info.value) == "wrong answer"


# --- expect_raises -------------------------------------------------------------------------


def test_expect_raises_passes_for_the_exception_and_its_subclasses(learner: InProcessLearner) -> None:
    """The right exception (or a subclass) whose message mentions every string passes and is returned."""
    x, y = np.zeros((2, 3)), np.zeros((3, 2))
    raised = expect_raises(learner, "ValueError", "precise", x, y, mentions=(str(x.shape), str(y.shape)))
    assert isinstance(raised, LearnerRaised) and raised.type_name == "ValueError"
    raised = expect_raises(learner, "ValueError", "subclass", x, mentions=("(2, 3)",))
    assert raised.type_name == "ShapeError"


def test_a_shape_counts_as_mentioned_in_any_spacing(learner: InProcessLearner) -> None:
    """NumPy's own message writes shapes without spaces ((2,3)): it mentions (2, 3) all the same.

    A message naming other shapes still lacks them.
    """
    x, y = np.zeros((2, 3)), np.zeros((3, 2))
    raised = expect_raises(learner, "ValueError", "numpy_spelling", x, y, mentions=("(2, 3)", "(3, 2)"))
    assert "(2,3)" in raised.detail
    with pytest.raises(Feedback, match=r"\(4, 4\)"):
        expect_raises(learner, "ValueError", "numpy_spelling", x, y, mentions=("(4, 4)",))


def test_expect_raises_fails_when_nothing_is_raised(learner: InProcessLearner) -> None:
    """No exception fails with 'did not raise', naming the case (the argument shapes by default)."""
    with pytest.raises(Feedback) as info:
        expect_raises(learner, "ValueError", "no_raise", np.zeros((2, 3)))
    en, zh = _texts(info)
    assert en == "did not raise ValueError for (2, 3)"
    assert "没有抛出 ValueError" in zh
    with pytest.raises(Feedback, match="for a 3D input"):
        expect_raises(learner, "ValueError", "no_raise", np.zeros((1, 1, 1)), case="a 3D input")


def test_expect_raises_reports_assert_used_for_validation(learner: InProcessLearner) -> None:
    """A bare assert (AssertionError) is reported as such, telling which exception to raise instead."""
    with pytest.raises(Feedback) as info:
        expect_raises(learner, "ValueError", "uses_assert", np.zeros(3))
    en, zh = _texts(info)
    assert en == "used assert for input validation (AssertionError: x must be 2D); raise ValueError instead"
    assert "assert" in zh and "ValueError" in zh


def test_expect_raises_reports_the_wrong_exception_type(learner: InProcessLearner) -> None:
    """A different exception type fails naming what was raised and what was expected."""
    with pytest.raises(Feedback) as info:
        expect_raises(learner, "ValueError", "wrong_type", np.zeros((4,)))
    en, zh = _texts(info)
    assert en == "raised TypeError for (4,), expected ValueError: bad input (4,)"
    assert "TypeError" in zh and "ValueError" in zh


def test_expect_raises_reports_a_message_missing_the_shape(learner: InProcessLearner) -> None:
    """The right type whose message does not mention the shape fails, quoting the message and what is missing."""
    x = np.zeros((2, 3))
    with pytest.raises(Feedback) as info:
        expect_raises(learner, "ValueError", "vague", x, mentions=(str(x.shape),))
    en, zh = _texts(info)
    assert en == "raised ValueError, but its message 'bad input' does not mention (2, 3)"
    assert "(2, 3)" in zh and "'bad input'" in zh


# --- call_unmodified / call_naive / named ------------------------------------------------------


def test_call_unmodified_returns_the_value_of_a_well_behaved_function(learner: InProcessLearner) -> None:
    """A function that works on a copy passes and its value comes back."""
    x = np.arange(4.0)
    got = call_unmodified(learner, "copies", x)
    np.testing.assert_array_equal(got, [42.0, 1.0, 2.0, 3.0])
    np.testing.assert_array_equal(x, np.arange(4.0))


def test_call_unmodified_catches_a_write_into_a_readonly_input(learner: InProcessLearner) -> None:
    """Writing into the (read-only) input fails with 'modified its input', naming where."""
    with pytest.raises(Feedback) as info:
        call_unmodified(learner, "writes", np.arange(4.0))
    en, zh = _texts(info)
    assert en.startswith("modified its input (helpers_mod.py:")
    assert "修改了输入参数" in zh


def test_call_unmodified_catches_a_write_after_lifting_the_readonly_flag(learner: InProcessLearner) -> None:
    """Making the input writable again does not help: the changed contents are detected by argument."""
    with pytest.raises(Feedback) as info:
        call_unmodified(learner, "writes_anyway", np.arange(4.0))
    assert info.value.texts["en"].startswith("modified its input (argument 1)")


def test_call_unmodified_lets_other_learner_errors_through(learner: InProcessLearner) -> None:
    """A learner exception unrelated to read-only inputs is re-raised unchanged."""
    with pytest.raises(LearnerRaised, match="TypeError"):
        call_unmodified(learner, "wrong_type", np.zeros(2))


def test_call_naive_passes_loops_and_flags_vectorised_work(learner: InProcessLearner) -> None:
    """call_naive returns the loop's value and raises IntegrityViolation (both languages) for np.maximum."""
    x = np.random.default_rng(3).standard_normal((4, 5))
    np.testing.assert_array_equal(call_naive(learner, "relu", x), np.maximum(x, 0))
    with pytest.raises(IntegrityViolation) as info:
        call_naive(learner, "relu_cheat", x)
    assert "maximum" in info.value.texts["en"] and "maximum" in info.value.texts["zh"]  # type: ignore[attr-defined]
    assert info.value.status == "integrity"


def test_named_functions_cross_to_the_learner_and_match_build_named(learner: InProcessLearner) -> None:
    """named(...) is a Named reference; the learner receives the function build_named gives the trusted side."""
    ref = named("poly", coeffs=[1.0, -2.0, 0.5])
    assert ref == Named("poly", {"coeffs": [1.0, -2.0, 0.5]})
    trusted = build_named("poly", coeffs=[1.0, -2.0, 0.5])
    assert trusted(2.0) == pytest.approx(1.0 - 4.0 + 2.0, abs=1e-12)
    got = learner.call("apply", ref, 3.0)
    assert got == pytest.approx(trusted(3.0), abs=1e-12)


def test_hidden_settings_are_deterministic() -> None:
    """Hidden suites' hypothesis settings are derandomised, without database or deadline, with capped examples."""
    assert hidden_settings.derandomize is True
    assert hidden_settings.database is None
    assert hidden_settings.deadline is None
    assert 0 < hidden_settings.max_examples <= 100
