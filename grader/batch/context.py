"""The typed, frozen context passed from step to step of the batch pipeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from grader.batch.executor import Executor
from grader.paths import assignment_output
from grader.results import Report


def reference_cache(course_dir: Path) -> Path:
    """The course's cache of references and recorded examples, in dlgrade's folder, out of learners' reach.

    Shared by the sessions of all its assignments; see :mod:`grader.authoring.references` and :mod:`grader.batch.prime`.
    """
    return Path(course_dir) / "dlgrade" / "reference-cache"


@dataclass(frozen=True)
class Submission:
    """One learner's submitted folder for the assignment.

    Attributes:
        student: the student id (folder name under ``submitted/``).
        folder: ``submitted/<student>/<assignment>/``.
        timestamp: from ``timestamp.txt`` (naive UTC), else the folder's modification time.
        fingerprint: hash of the submitted files, to skip unchanged submissions.
    """

    student: str
    folder: Path
    timestamp: datetime
    fingerprint: str


@dataclass(frozen=True)
class Graded:
    """A submission with its report."""

    submission: Submission
    report: Report


@dataclass(frozen=True)
class BatchContext:
    """Everything a batch run knows; each step returns a new one (``dataclasses.replace``).

    Attributes:
        course_dir: the nbgrader course.
        assignment: the assignment id, which is the catalogue module graded.
        students: only these students (empty: everyone submitted).
        force: regrade unchanged, already graded submissions.
        executor: runs grading sessions (a local pool now; Dask or Ray later).
        lang: feedback language.
        progress: called with ``(done, total)`` as submissions finish.
        submissions: found by the discover step.
        todo: the ones to grade (after the skip step).
        graded: finished and recorded, in completion order.
        skipped: students whose unchanged submission was already graded.
        isolation: the isolation level detected once for the batch (its sessions use it without
            probing the machine again); empty: each session detects it.
    """

    course_dir: Path
    assignment: str
    executor: Executor
    students: tuple[str, ...] = ()
    force: bool = False
    lang: str = "en"
    progress: Callable[[int, int], None] | None = None
    submissions: tuple[Submission, ...] = ()
    todo: tuple[Submission, ...] = ()
    graded: tuple[Graded, ...] = ()
    skipped: tuple[str, ...] = ()
    errors: tuple[str, ...] = field(default=())
    isolation: str = ""

    @property
    def out_dir(self) -> Path:
        """Where dlgrade keeps its own files for this assignment (state, JSON, CSV, feedback)."""
        return assignment_output(self.course_dir, self.assignment)
