"""The batch pipeline: the steps, declared in one list, and the library entry point."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from grader.batch.context import BatchContext
from grader.batch.executor import Executor, LocalPool
from grader.batch.steps.discover import discover
from grader.batch.steps.export import export
from grader.batch.steps.grade import grade
from grader.batch.steps.state import skip_unchanged
from grader.catalogue import POINTS
from grader.runner.sandbox import grading_level

Step = Callable[[BatchContext], BatchContext]

STEPS: tuple[Step, ...] = (discover, skip_unchanged, grade, export)
"""Find submissions → skip unchanged ones → grade and record → feedback and CSV."""


def grade_assignment(
    course_dir: Path,
    assignment: str,
    *,
    students: Sequence[str] = (),
    force: bool = False,
    executor: Executor | None = None,
    lang: str = "en",
    progress: Callable[[int, int], None] | None = None,
    steps: Sequence[Step] = STEPS,
    allow_weak_isolation: bool = False,
    warn: Callable[[str], None] | None = None,
) -> BatchContext:
    """Grade every submission of one assignment of an nbgrader course.

    Raises:
        KeyError: if the assignment is not a catalogue module.
        ValueError: if ``DLGRADE_ISOLATION`` names no isolation level.
        RuntimeError: if it names one this machine cannot run.
        WeakIsolation: (a RuntimeError) the level is below ``namespaces`` and ``allow_weak_isolation``
            is not set; with it, ``warn`` is told what does not hold.
        All before anything is graded or recorded: a configuration slip must not cost learners points.
    """
    if assignment not in POINTS:
        raise KeyError(f"unknown assignment {assignment!r}")
    level = grading_level(allow_weak=allow_weak_isolation, warn=warn)
    # absolute: sessions run in a directory of their own, where a relative course path would name
    # nothing (the course's reference cache unused, every reference recomputed; the course not hidden)
    ctx = BatchContext(Path(course_dir).resolve(), assignment, executor or LocalPool(), tuple(students), force, lang, progress,
                       isolation=level)
    for step in steps:
        ctx = step(ctx)
    return ctx
