"""Grade the course's ``submitted/`` folders with dlgrade directly (no kernel) and record them.

The fast alternative to ``nbgrader autograde``: one :func:`grader.api.check_report` per submission,
then :func:`grader.gradebook.gradebook.record_grades` with the submission's own timestamp.
"""

from __future__ import annotations

import glob
import re
from collections.abc import Collection
from pathlib import Path

from grader.gradebook.core import run_check
from grader.gradebook.db import course_directory, submitted_timestamp
from grader.gradebook.gradebook import record_grades
from grader.results import Report


def submitted_students(course_dir: Path, assignment: str) -> dict[str, Path]:
    """Map student id → ``submitted/<student>/<assignment>/`` for every submission on disk."""
    coursedir, _ = course_directory(course_dir)
    pattern = re.compile(coursedir.format_path(coursedir.submitted_directory, "(?P<student>[^/]+)", assignment,
                                               escape=True))
    found = {}
    for folder in sorted(glob.glob(coursedir.format_path(coursedir.submitted_directory, "*", assignment))):
        match = pattern.fullmatch(folder)
        if match and Path(folder).is_dir():
            found[match.group("student")] = Path(folder)
    return found


def record_submitted(
    course_dir: Path,
    assignment: str,
    *,
    students: Collection[str] | None = None,
    hidden: bool = True,
) -> dict[str, Report]:
    """Grade and record every (or the selected) submission of an assignment; student → dlgrade report.

    Raises:
        grader.gradebook.core.CoreUnavailableError: if the grading core is missing.
        ValueError: see :func:`grader.gradebook.gradebook.record_grades`.

    """
    results = {}
    for student, folder in submitted_students(course_dir, assignment).items():
        if students is not None and student not in students:
            continue
        report = run_check(folder, [assignment], hidden=hidden)
        record_grades(course_dir, assignment, student, report, submitted_timestamp(course_dir, assignment, student),
                      submission=folder)
        results[student] = report
    return results
