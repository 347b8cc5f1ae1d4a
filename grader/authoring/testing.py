"""Helpers for writing suites: comparisons with precise bilingual messages, and calls.

Suites import from here; this module never imports a learner module, solutions or
TensorFlow. See ``docs/writing-suites.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import HealthCheck, Phase, settings

from grader.authoring import integrity
from grader.authoring.references import cached_reference
from grader.feedback.messages import LANGUAGES, both, text
from grader.runner.errors import IntegrityViolation, LearnerRaised
from grader.runner.local import Learner
from grader.runner.protocol import Named

__all__ = [
    "Feedback",
    "assert_array_matches",
    "assert_scalar_matches",
    "build_named",
    "cached_reference",
    "call_naive",
    "call_unmodified",
    "expect_raises",
    "fail",
    "hidden_settings",
    "mentioned",
    "named",
    "static_violations",
]

MIN_WATCHED_ELEMENTS = 16
"""Below this many elements the work-accounting signal is not used (too little signal)."""


class Feedback(AssertionError):
    """A failed check, with its message in every language.

    Attributes:
        texts: language code → message.
    """

    def __init__(self, texts: dict[str, str]) -> None:
        super().__init__(texts["en"])
        self.texts = texts


class IntegrityFeedback(IntegrityViolation):
    """An integrity violation with its message in every language."""

    def __init__(self, texts: dict[str, str]) -> None:
        super().__init__(texts["en"])
        self.texts = texts


def fail(en: str, zh: str) -> None:
    """Fail the current check with your own message in both languages."""
    raise Feedback({"en": en, "zh": zh})


def _fmt(value: Any) -> str:
    if isinstance(value, (np.floating, float)):
        return f"{float(value):.7g}"
    return repr(value.item() if isinstance(value, np.generic) else value)


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"ndarray {value.dtype} {value.shape}"
    if isinstance(value, np.generic):
        return f"NumPy {value.dtype} scalar"
    return type(value).__name__


def assert_array_matches(
    got: Any,
    expected: np.ndarray[Any, Any],
    *,
    rtol: float,
    atol: float,
    check_dtype: bool = True,
    what: str = "result",
) -> None:
    """Check type, shape, dtype, then values; the message pinpoints the first mismatch.

    NaNs in the same places count as equal.
    """
    expected = np.asarray(expected)
    if not isinstance(got, np.ndarray):
        raise Feedback(both("type", what=what, got=_describe(got)))
    if got.shape != expected.shape:
        raise Feedback(both("shape", what=what, got=got.shape, expected=expected.shape))
    if check_dtype and got.dtype != expected.dtype:
        raise Feedback(both("dtype", what=what, got=got.dtype.name, expected=expected.dtype.name))
    if got.dtype.kind not in "biufc":
        raise Feedback(both("dtype", what=what, got=got.dtype.name, expected=expected.dtype.name))
    if np.array_equal(got, expected):  # equal values are close at any tolerance: most passing checks end here
        return
    with np.errstate(all="ignore"):
        g = got.astype(np.complex128 if got.dtype.kind == "c" else np.float64)
        e = expected.astype(np.complex128 if expected.dtype.kind == "c" else np.float64)
        ok = np.isclose(g, e, rtol=rtol, atol=atol, equal_nan=True)
    if not ok.all():
        bad = np.argwhere(~ok)
        index = tuple(int(i) for i in bad[0])
        raise Feedback(
            both(
                "values",
                what=what,
                count=len(bad),
                total=ok.size,
                rtol=rtol,
                atol=atol,
                index=index,
                expected=_fmt(expected[index]),
                got=_fmt(got[index]),
            )
        )


def assert_scalar_matches(got: Any, expected: float, *, rtol: float, atol: float, what: str = "result") -> None:
    """Check that ``got`` is a number (Python, NumPy scalar or 0-d array) close to ``expected``."""
    if isinstance(got, np.ndarray) and got.ndim == 0:
        got = got[()]
    if isinstance(got, bool) or not isinstance(got, (int, float, np.integer, np.floating)):
        raise Feedback(both("scalar_type", what=what, got=_describe(got)))
    if not np.isclose(float(got), float(expected), rtol=rtol, atol=atol, equal_nan=True):
        raise Feedback(both("scalar", what=what, expected=_fmt(expected), got=_fmt(got), rtol=rtol, atol=atol))


def _arg_names(keys: Sequence[str]) -> str:
    return ", ".join(f"argument {int(k) + 1}" if k.isdigit() else k for k in keys)


def call_unmodified(learner: Learner, function: str, *args: Any, **kwargs: Any) -> Any:
    """Call with read-only inputs; fail with "modified its input" if the learner writes to one."""
    try:
        record = learner.run(function, args, kwargs, readonly=True)
    except LearnerRaised as exc:
        if exc.is_a("ValueError") and "read-only" in exc.detail:
            raise Feedback(both("modified", args=exc.where or "read-only input")) from None
        raise
    if record.mutated:
        raise Feedback(both("modified", args=_arg_names(record.mutated)))
    return record.value


def call_naive(learner: Learner, function: str, *args: Any, **kwargs: Any) -> Any:
    """Call with watched inputs; raise :class:`IntegrityFeedback` on vectorised work.

    Two kinds of evidence, either of which scores the function 0 for integrity:

    * the runtime signals, gathered in the learner's process while the call runs (whole-array
      NumPy operations on the watched inputs, Python lines run per element: see
      :mod:`grader.runner.inside.watch`); they see operators on arrays, but learner code can patch
      what that process reports, and padding loops plus stripped views hide from them;
    * the static check of the submitted source (:func:`static_violations`), read and parsed
      here, in the grading process, where learner code cannot reach: the function and the
      module's functions it reaches may only use the naive allowlist of :mod:`grader.authoring.integrity`.

    The runtime signals are reported first (their message names the NumPy operation seen).
    """
    record = learner.run(function, args, kwargs, watch=True)
    if record.operations:
        raise IntegrityFeedback(both("integrity", ops=", ".join(record.operations[:5])))
    if record.elements >= MIN_WATCHED_ELEMENTS and record.lines * 2 < record.elements:
        raise IntegrityFeedback(both("no_loop", elements=record.elements, lines=record.lines))
    folder = getattr(learner, "submission", None)
    if folder is not None:
        path = Path(folder) / f"{learner.module}.py"
        try:
            violations = static_violations(path, function, _rebound(learner, function))
        except OSError as exc:
            raise IntegrityFeedback(both("integrity_unread", file=path.name, detail=exc.strerror or type(exc).__name__)) from None
        if violations:
            raise IntegrityFeedback(_static_texts(path.name, function, violations))
    return record.value


def static_violations(path: Path, function: str, rebound: Collection[str] = ()) -> tuple[integrity.Violation, ...]:
    """The static integrity verdict on ``function`` of the submitted module at ``path``.

    Reads the file in this (the grading) process and parses it (:func:`grader.authoring.integrity.check`);
    the learner's module is never imported here. ``rebound``: the functions that are the references
    during its calls (not walked: one bug, one deduction).

    Raises:
        OSError: the file cannot be read.
    """
    return integrity.check(path.read_bytes(), function, rebound)


def _rebound(learner: Learner, function: str) -> tuple[str, ...]:
    """The learner functions ``function``'s calls run as references (none where the learner has no substitutes)."""
    substitutes = getattr(learner, "substitutes", None)  # the runners that rebind carry them; others do not
    return tuple(substitutes.uses.get(function, ())) if substitutes is not None else ()


def _static_texts(file: str, function: str, violations: Sequence[integrity.Violation]) -> dict[str, str]:
    """The integrity message for the first violation (the function's own come first), in every language."""
    first = violations[0]
    texts = {}
    for lang in LANGUAGES:
        if first.function is None:
            where = file
        elif first.function == function:
            where = function
        else:
            where = text("integrity_helper", lang, helper=first.function, function=function)
        more = text("integrity_more", lang, count=len(violations) - 1) if len(violations) > 1 else ""
        texts[lang] = text("integrity_static", lang, where=where, line=first.line, construct=first.construct, more=more)
    return texts


def expect_raises(
    learner: Learner,
    exc: str,
    function: str,
    *args: Any,
    mentions: Sequence[str] = (),
    case: str | None = None,
    **kwargs: Any,
) -> LearnerRaised:
    """The call must raise ``exc`` (or a subclass) whose message contains every ``mentions``."""
    label = case or ", ".join(str(getattr(a, "shape", a)) for a in args)
    try:
        learner.call(function, *args, **kwargs)
    except LearnerRaised as raised:
        if not raised.is_a(exc):
            key = "assert_used" if raised.is_a("AssertionError") else "wrong_exc"
            raise Feedback(both(key, exc=exc, got=raised.type_name, case=label, detail=raised.detail)) from None
        missing = [m for m in mentions if not mentioned(m, raised.detail)]
        if missing:
            raise Feedback(both("mention", exc=exc, detail=raised.detail, missing=", ".join(missing))) from None
        return raised
    raise Feedback(both("no_raise", exc=exc, case=label))


def mentioned(wanted: str, message: str) -> bool:
    """Whether ``message`` mentions ``wanted``, in any spacing: NumPy writes a shape ``(3,2)``, Python ``(3, 2)``."""
    return wanted in message or "".join(wanted.split()) in "".join(message.split())


def named(name: str, **params: Any) -> Named:
    """A trusted function to pass to learner code, built on the learner side by name."""
    return Named(name, params)


def build_named(name: str, **params: Any) -> Callable[..., Any]:
    """The same named function, built in the trusted process for computing references."""
    from grader.runner.named import build

    return build(name, params)


hidden_settings = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=10,
    print_blob=False,
    # no shrinking: a failing learner function only needs one counterexample, and
    # shrinking would call it dozens of times more (timeouts make that very slow)
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
"""Hypothesis settings for hidden suites: same examples on every run and machine."""
