"""Typed, frozen grading results and their JSON form.

The JSON shape is a contract other tools build on::

    {"modules": {M: {"functions": {F: {"points", "max_points", "status", "message"}},
                     "points", "max_points"}},
     "total", "max_total"}

A results file holds one submission's report (:func:`write_report`) and is read back by one
function, :func:`read_report`: fail-closed, anything in it that cannot be understood scores 0
with a reason instead of raising or, worse, counting as full marks.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal, cast, get_args

from grader.feedback.echo import excerpt
from grader.paths import write_atomically

Status = Literal["passed", "failed", "error", "timeout", "not_implemented", "integrity"]
STATUSES: Final = frozenset(get_args(Status))
HISTORY_KEY_LIMIT: Final = 60
"""Characters kept of a metric's name in a training history (``val_binary_accuracy`` has 19)."""


@dataclass(frozen=True)
class CheckOutcome:
    """One test of one function.

    Attributes:
        test: the test's name (``test_naive_relu_values``).
        weight: its weight within the function.
        status: ``passed`` or why it did not pass.
        texts: language → message (empty when passed).
    """

    test: str
    weight: float
    status: Status
    texts: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FunctionResult:
    """The grade of one catalogue function."""

    name: str
    points: float
    max_points: float
    status: Status
    message: str
    checks: tuple[CheckOutcome, ...] = ()
    history: Mapping[str, tuple[float, ...]] | None = None
    """Per-epoch metrics of the learner's training (Keras exercises), for learning curves."""

    def to_json(self) -> dict[str, Any]:
        """The function's entry in the results file (plus its checks)."""
        return {
            "points": self.points,
            "max_points": self.max_points,
            "status": self.status,
            "message": self.message,
            "checks": [{"test": c.test, "weight": c.weight, "status": c.status} for c in self.checks],
            **({"history": {k: list(v) for k, v in self.history.items()}} if self.history else {}),
        }


@dataclass(frozen=True)
class ModuleResult:
    """The grades of one module's functions."""

    name: str
    functions: tuple[FunctionResult, ...]
    learner_seconds: float = 0.0
    """Seconds the learner's functions ran in the learner process (diagnostics: reported by that process, so
    not trusted for anything; never scored)."""
    grading_seconds: float = 0.0
    """Seconds the grading session spent on this module's checks of this submission: set-up, call and
    teardown of each, learner calls included (diagnostics, never scored)."""

    @property
    def points(self) -> float:
        """Points earned in this module."""
        return round(sum(f.points for f in self.functions), 2)

    @property
    def max_points(self) -> float:
        """Points available in this module."""
        return round(sum(f.max_points for f in self.functions), 2)

    def function(self, name: str) -> FunctionResult:
        """The result of one function.

        Raises:
            KeyError: if the function was not graded.
        """
        for f in self.functions:
            if f.name == name:
                return f
        raise KeyError(name)


WEAK_PROMISES = {
    "uid": "learner code ran as nobody without namespaces: it could read every file others may read, "
           "see every process and reach the network",
    "rlimits": "learner code ran as the grader's user with resource limits only: it could read and change "
               "that user's files (gradebook, solutions, hidden suites), signal its processes and reach the network",
}
"""What does not hold below the ``namespaces`` isolation level, said in every result graded there
(a learner's own local checks run in-process on purpose: nothing to warn about)."""


@dataclass(frozen=True)
class Report:
    """All results of one submission."""

    modules: tuple[ModuleResult, ...]
    lang: str = "en"
    isolation: str = ""

    @property
    def total(self) -> float:
        """Points earned."""
        return round(sum(m.points for m in self.modules), 2)

    @property
    def max_total(self) -> float:
        """Points available."""
        return round(sum(m.max_points for m in self.modules), 2)

    def module(self, name: str) -> ModuleResult:
        """The results of one module.

        Raises:
            KeyError: if the module was not graded.
        """
        for m in self.modules:
            if m.name == name:
                return m
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        """The results file's content."""
        return {
            "modules": {
                m.name: {
                    "functions": {f.name: f.to_json() for f in m.functions},
                    "points": m.points,
                    "max_points": m.max_points,
                    "learner_seconds": round(m.learner_seconds, 3),
                    "grading_seconds": round(m.grading_seconds, 3),
                }
                for m in self.modules
            },
            "total": self.total,
            "max_total": self.max_total,
            "lang": self.lang,
            "isolation": self.isolation,
            **({"weak_isolation": WEAK_PROMISES[self.isolation]} if self.isolation in WEAK_PROMISES else {}),
        }


POINTS_TOLERANCE: Final = 1e-9
"""Points may exceed ``max_points`` by rounding noise this small in a results file (they are clamped)."""


def _number(raw: Mapping[str, Any], key: str) -> float | None:
    """A finite real number (not a bool, not a string), else None."""
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _function_from_json(name: str, raw: Any, max_points: float) -> FunctionResult:
    """One function's entry, against the points it must be worth; anything else scores 0 with the reason."""
    if not isinstance(raw, dict):
        return FunctionResult(name, 0.0, max_points, "error", "unreadable result: scored 0")
    points, maximum = _number(raw, "points"), _number(raw, "max_points")
    status, message = raw.get("status"), raw.get("message", "")
    if points is None or maximum is None or not isinstance(message, str):
        return FunctionResult(name, 0.0, max_points, "error", "unreadable result: scored 0")
    if maximum != max_points:
        return FunctionResult(name, 0.0, max_points, "error", "result has the wrong maximum: scored 0")
    if not isinstance(status, str) or status not in STATUSES or not 0 <= points <= max_points + POINTS_TOLERANCE:
        return FunctionResult(name, 0.0, max_points, "error", f"invalid result ({status!r:.40}, {points!r}): scored 0")
    return FunctionResult(
        name, min(points, max_points), max_points, cast(Status, status), message, _checks_from_json(raw.get("checks")),
        history_from_json(raw.get("history")),
    )


def history_from_json(raw: Any) -> dict[str, tuple[float, ...]] | None:
    """Per-epoch metrics, or ``None`` when absent or malformed (never trusted further).

    The metric names are the learner's History's: bounded (:func:`~grader.feedback.echo.excerpt`) like any learner text.
    """
    if not isinstance(raw, dict):
        return None
    history = {}
    for key, values in list(raw.items())[:16]:
        numbers = isinstance(values, list) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        if isinstance(key, str) and numbers and len(values) <= 1000:
            history[excerpt(key, HISTORY_KEY_LIMIT)] = tuple(float(v) for v in values)
    return history or None


def _checks_from_json(raw: Any) -> tuple[CheckOutcome, ...]:
    if not isinstance(raw, list):
        return ()
    checks = []
    for item in raw:
        status = item.get("status") if isinstance(item, dict) else None
        if isinstance(status, str) and status in STATUSES and isinstance(item.get("test"), str):
            weight = _number(item, "weight")
            checks.append(CheckOutcome(item["test"], weight if weight is not None else 0.0, item["status"]))
    return tuple(checks)


def failed_report(expected: Mapping[str, Mapping[str, float]], reason: str) -> Report:
    """Every expected function at 0 points, status ``error``, with ``reason`` as its message."""
    return Report(tuple(ModuleResult(module, tuple(FunctionResult(name, 0.0, float(points), "error", reason)
                                                   for name, points in functions.items()))
                        for module, functions in expected.items()))


def write_report(path: Path, report: Report) -> None:
    """Write a results file whole or not at all (a reader never sees half of one)."""
    write_atomically(path, json.dumps(report.to_json(), ensure_ascii=False))


def read_report(path: Path, expected: Mapping[str, Mapping[str, float]], *,
                missing: str = "no results file: scored 0") -> Report:
    """Read a results file back: the one reader, fail-closed against the functions that should be in it.

    Every expected function (module → function → points) is in the report, and nothing else. A
    file that is absent scores each 0 with ``missing``; one that is not JSON, with "unreadable
    results file"; a function that is missing from it, or whose entry is malformed (points that
    are not a finite number within 0..max, a maximum other than expected, an unknown status),
    scores 0 with the reason.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return failed_report(expected, missing)
    except (OSError, UnicodeDecodeError) as exc:
        return failed_report(expected, f"unreadable results file ({type(exc).__name__}): scored 0")
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError):
        return failed_report(expected, "unreadable results file: scored 0")
    return _report_from_json(raw, expected)


def _report_from_json(raw: Any, expected: Mapping[str, Mapping[str, float]]) -> Report:
    modules_raw = raw.get("modules", {}) if isinstance(raw, dict) else {}
    modules = []
    for module, functions in expected.items():
        mraw = modules_raw.get(module, {}) if isinstance(modules_raw, dict) else {}
        fraw = mraw.get("functions", {}) if isinstance(mraw, dict) else {}
        results = []
        for name, max_points in functions.items():
            if isinstance(fraw, dict) and name in fraw:
                got = _function_from_json(name, fraw[name], float(max_points))
            else:
                got = FunctionResult(name, 0.0, float(max_points), "error", "no result: scored 0")
            results.append(got)
        modules.append(ModuleResult(module, tuple(results), _seconds(mraw, "learner_seconds"),
                                    _seconds(mraw, "grading_seconds")))
    lang = raw.get("lang", "en") if isinstance(raw, dict) else "en"
    isolation = raw.get("isolation", "") if isinstance(raw, dict) else ""
    return Report(tuple(modules), lang if lang in ("en", "zh") else "en", isolation if isinstance(isolation, str) else "")


def _seconds(mraw: Any, key: str) -> float:
    """A diagnostic duration of a module's results (0 where missing or not a sane number of seconds)."""
    seconds = mraw.get(key, 0.0) if isinstance(mraw, dict) else 0.0
    valid = isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and 0 <= seconds < 1e7
    return float(seconds) if valid else 0.0
