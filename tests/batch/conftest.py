"""Fixtures of the batch tests: a tensor_ops nbgrader course (made once, copied per test) and a graded class."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.batch.executor import LocalPool
from grader.batch.pipeline import grade_assignment
from grader.gradebook.course import init_course
from tests.batch.helpers import ASSIGNMENT, REPO, GradedClass, clone, submit_class


@pytest.fixture(scope="session")
def course_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An nbgrader course with the tensor_ops assignment only, made once by init_course (the real nbgrader CLI)."""
    course = tmp_path_factory.mktemp("batch-template") / "course"
    init_course(course, (ASSIGNMENT,), REPO / "exercises")
    return course


@pytest.fixture
def course(course_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template course for one test."""
    return clone(course_template, tmp_path / "course")


@pytest.fixture(scope="session")
def graded_class(course_template: Path, tmp_path_factory: pytest.TempPathFactory) -> GradedClass:
    """The class of :func:`tests.batch.helpers.class_sources` graded once, uninterrupted (shared: read only)."""
    course = clone(course_template, tmp_path_factory.mktemp("graded-class") / "course")
    times = submit_class(course)
    calls: list[tuple[int, int]] = []
    ctx = grade_assignment(course, ASSIGNMENT, executor=LocalPool(2), progress=lambda d, t: calls.append((d, t)))
    return GradedClass(course, ctx, times, tuple(calls))
