"""A course's nbgrader objects: its config, ``CourseDirectory``, gradebook and writer lock."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from nbgrader.api import Gradebook  # type: ignore[import-untyped]
from nbgrader.coursedir import CourseDirectory  # type: ignore[import-untyped]
from traitlets.config import Config

from grader.gradebook.autograded import as_utc
from grader.gradebook.config import load_config

LOCK_FILE: Final = ".dlgrade-gradebook.lock"


@contextlib.contextmanager
def writer_lock(course_dir: Path) -> Iterator[None]:
    """Exclusive, course-wide lock for gradebook writers (threads and processes)."""
    with open(course_dir / LOCK_FILE, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def course_directory(course_dir: Path) -> tuple[Any, Config]:
    """Return nbgrader's ``CourseDirectory`` of a course, and the course config."""
    config = load_config(Path(course_dir).resolve())
    return CourseDirectory(config=config), config


def open_gradebook(coursedir: Any) -> Any:
    """Open the course's :class:`nbgrader.api.Gradebook` (use it as a context manager).

    Raises:
        ValueError: if its SQLite file does not exist (creating one here would skip
            nbgrader's migrations bookkeeping): the course is not initialised.

    """
    url: str = coursedir.db_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        raise ValueError(f"no gradebook at {url}: run init_course (nbgrader generate_assignment) first")
    return Gradebook(url, coursedir.course_id)


def submitted_timestamp(course_dir: Path, assignment: str, student: str) -> datetime | None:
    """Read ``submitted/<student>/<assignment>/timestamp.txt`` as a UTC datetime (None if absent)."""
    coursedir, _ = course_directory(course_dir)
    found = coursedir.get_existing_timestamp(coursedir.format_path(coursedir.submitted_directory, student, assignment))
    return None if found is None else as_utc(found)
