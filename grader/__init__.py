"""dlgrade: auto-graded exercises for *Deep Learning with Python*, chapters 2–3.

The facade: the names most callers need, each imported on first use (a learner's local checks
import ``grader`` for their plugin and must not pay for the instructor's side).
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "check": "grader.api",
    "check_report": "grader.api",
    "run_session": "grader.api",
    "Report": "grader.results",
    "ModuleResult": "grader.results",
    "FunctionResult": "grader.results",
    "grade_assignment": "grader.batch.pipeline",
    "STEPS": "grader.batch.pipeline",
    "init_course": "grader.gradebook.course",
    "release": "grader.gradebook.course",
    "record_grades": "grader.gradebook.gradebook",
    "gradebook_table": "grader.gradebook.table",
    "detect_level": "grader.runner.sandbox",
    "WeakIsolation": "grader.runner.sandbox",
}
__all__ = [  # noqa: RUF022 - grouped as _WHERE is
    "check", "check_report", "run_session", "Report", "ModuleResult", "FunctionResult", "grade_assignment", "STEPS",
    "init_course", "release", "record_grades", "gradebook_table", "detect_level", "WeakIsolation",
]


def __getattr__(name: str) -> Any:
    """``grader.check`` … : the facade's names, from the module that defines each."""
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'grader' has no attribute {name!r}")
