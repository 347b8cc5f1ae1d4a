"""Results files as the batch writes them, made without grading (for the report's and the exports' fast tests)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from grader.catalogue import POINTS
from grader.results import FunctionResult, ModuleResult, Report, Status, write_report

SCRIPT = "<script>alert('x')</script>"


def report_of(module: str, lost: Mapping[str, tuple[float, Status, str]] | None = None, *,
              history: Mapping[str, tuple[float, ...]] | None = None, seconds: float = 0.5,
              isolation: str = "namespaces") -> Report:
    """A report of ``module``: full marks except the functions in ``lost`` (name → (points, status, message))."""
    functions = []
    for name, points in POINTS[module].items():
        got, status, message = (lost or {}).get(name, (float(points), "passed", "all checks passed"))
        functions.append(FunctionResult(name, got, float(points), status, message,
                                        history=history if status == "passed" and history and name == "train" else None))
    return Report((ModuleResult(module, tuple(functions), seconds / 2, seconds),), "en", isolation)


def write_class(course: Path, module: str, reports: Mapping[str, Report], *, feedback: bool = True) -> Path:
    """Results files (and empty feedback files) where ``dlgrade grade`` leaves them; returns the results folder."""
    results = course / "dlgrade" / module / "results"
    results.mkdir(parents=True, exist_ok=True)
    (course / "dlgrade" / module / "feedback").mkdir(parents=True, exist_ok=True)
    for student, report in reports.items():
        write_report(results / f"{student}.json", report)
        if feedback:
            (course / "dlgrade" / module / "feedback" / f"{student}.md").write_text("# Feedback\n", encoding="utf-8")
    return results
