"""Gradescope's autograder format: one ``results.json`` per submission.

The format (Gradescope's "Autograder Specifications", output format)::

    {"score": 44.0, "execution_time": 136, "output": "...", "visibility": "visible",
     "tests": [{"name": "...", "score": 2.0, "max_score": 2.0, "status": "passed",
                "output": "...", "visibility": "visible"}, ...]}

One test per graded function: its points, its maximum, and the message the learner's feedback
gives (the same, bounded text; never hidden test code).
"""

from __future__ import annotations

import math
from typing import Any, Final, Literal

from grader.feedback.messages import text
from grader.results import Report

Visibility = Literal["hidden", "after_due_date", "after_published", "visible"]
VISIBILITIES: Final = ("hidden", "after_due_date", "after_published", "visible")


def gradescope_results(report: Report, *, lang: str = "en", visibility: Visibility = "visible") -> dict[str, Any]:
    """One submission's ``results.json`` content.

    Raises:
        ValueError: for a visibility Gradescope does not know.
    """
    if visibility not in VISIBILITIES:
        raise ValueError(f"unknown Gradescope visibility {visibility!r}: use one of {', '.join(VISIBILITIES)}")
    tests = [
        {"name": f"{module.name}.{f.name}", "score": f.points, "max_score": f.max_points,
         "status": "passed" if f.status == "passed" else "failed",
         "output": f.message, "visibility": visibility}
        for module in report.modules for f in module.functions
    ]
    seconds = sum(m.grading_seconds for m in report.modules)
    return {
        "score": report.total,
        "execution_time": math.ceil(seconds),
        "output": text("summary", lang, points=report.total, max_points=report.max_total),
        "visibility": visibility,
        "tests": tests,
    }
