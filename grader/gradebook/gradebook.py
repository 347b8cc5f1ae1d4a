"""dlgrade results into nbgrader's gradebook, as ``nbgrader autograde`` records them.

:func:`record_grades` needs no kernel: it fills the released notebook's grade cells with the
outputs the cells would print (:mod:`grader.gradebook.autograded`), scores them with nbgrader's
own ``utils.determine_grade``, and writes them into :class:`nbgrader.api.Gradebook`'s tables under a
course-wide lock (one writer): the student and submission rows ``add_submission`` would create,
the submission timestamp and every grade's ``auto_score`` and ``needs_manual_grade`` are one
transaction (:mod:`grader.gradebook.rows`; rolled back on any error; the autograded folder is
only swapped in after it commits). Late penalties come from nbgrader's ``AssignLatePenalties``
with the course's config (run only where they can change something: a late submission, or a
penalty to reset). Re-recording updates the same rows (manual scores are kept and flagged for
review, as autograde does) and replaces ``autograded/<student>/<assignment>/``.

:class:`Recorder` records many students of one assignment (a batch) through one gradebook
connection, with the course config and released notebooks read once, not once per submission.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from nbgrader import utils as nbutils  # type: ignore[import-untyped]
from nbgrader.api import (  # type: ignore[import-untyped]
    Assignment,
    GradeCell,
    MissingEntry,
    Notebook,
)
from traitlets.config import Config

from grader.gradebook.autograded import as_utc, auto_scores, graded_notebook, replace_folder, stage_folder
from grader.gradebook.db import course_directory, open_gradebook, writer_lock
from grader.gradebook.entries import ResultInvalidError, ResultMissingError, function_entry
from grader.gradebook.notebook import read_notebook
from grader.gradebook.rows import write_grades
from grader.results import Report


def record_grades(
    course_dir: Path,
    assignment: str,
    student: str,
    report: Report,
    timestamp: datetime | None,
    *,
    submission: Path | None = None,
) -> None:
    """Record one student's dlgrade result for one assignment (= module) in the gradebook.

    Args:
        course_dir: the nbgrader course (see :func:`grader.gradebook.course.init_course`).
        assignment: assignment id, the dlgrade module name.
        student: student id (created if new).
        report: the student's dlgrade report, which includes the module.
        timestamp: submission time (naive = UTC; None: unknown, as autograde records a
            submission without ``timestamp.txt``). When ``submitted/<student>/<assignment>/``
            exists it must equal its ``timestamp.txt`` (read it with
            :func:`grader.gradebook.db.submitted_timestamp`): formgrader only counts a
            submission as autograded when both agree.
        submission: folder whose files (the learner's ``<module>.py``) are copied to the
            autograded folder; default ``submitted/<student>/<assignment>/``.

    Raises:
        ValueError: the assignment is not in the gradebook or not in ``report``; the points
            in the gradebook, the release and the report disagree; the timestamp disagrees
            with the submitted one.

    """
    with Recorder(course_dir, assignment) as recorder:
        recorder.record(student, report, timestamp, submission=submission)


class Recorder:
    """Records many students' results for one assignment: see :func:`record_grades`.

    The course config, the released notebooks and one gradebook connection are opened once
    (a batch records every submission through one recorder); each :meth:`record` still takes
    the course-wide writer lock and commits on its own, so an interrupted batch loses nothing
    it recorded. Use it as a context manager; it may be opened in one thread and used in another, from
    one thread at a time.

    Raises:
        ValueError: the course has no gradebook, or the assignment is not in it or not released.

    """

    def __init__(self, course_dir: Path, assignment: str) -> None:
        self._coursedir, self._config = course_directory(course_dir)
        self._assignment = assignment
        self._gb = open_gradebook(self._coursedir)
        try:
            names = [notebook.name for notebook in self._gb.find_assignment(assignment).notebooks]
            self._released = {name: _released(self._coursedir, assignment, name) for name in names}
        except MissingEntry as exc:
            self.close()
            raise ValueError(f"assignment {assignment!r} is not in the gradebook: run init_course") from exc
        except BaseException:
            self.close()
            raise
        # nbgrader's session is per thread: end this one (a batch opens its recorder in a helper thread and
        # records from its own, which gets a session of its own)
        self._gb.db.remove()

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the gradebook connection."""
        self._gb.close()

    def record(self, student: str, report: Report, timestamp: datetime | None, *,
               submission: Path | None = None) -> None:
        """Record one student's report; arguments and errors as :func:`record_grades`."""
        assignment, coursedir = self._assignment, self._coursedir
        if assignment not in {module.name for module in report.modules}:
            raise ValueError(f"the result has no module {assignment!r}")
        submitted = Path(coursedir.format_path(coursedir.submitted_directory, student, assignment))
        known = coursedir.get_existing_timestamp(str(submitted))
        found, given = (None if t is None else as_utc(t) for t in (known, timestamp))
        if submitted.is_dir() and found != given:
            raise ValueError(f"timestamp {timestamp} disagrees with {submitted / 'timestamp.txt'} ({found})")
        target = Path(coursedir.format_path(coursedir.autograded_directory, student, assignment))
        permissions = 0o664 if coursedir.groupshared else 0o444
        notebooks = {name: graded_notebook(nb, assignment, report) for name, nb in self._released.items()}
        with writer_lock(Path(coursedir.root)):
            _check_points(self._gb, assignment, notebooks, report)
            staged = stage_folder(target.parent, notebooks=notebooks, timestamp=timestamp,
                                  submission=submission or submitted, ignore=list(coursedir.ignore),
                                  permissions=permissions)
            try:
                if _write_grades(self._gb, assignment, student, notebooks, timestamp):
                    _assign_late_penalties(self._config, coursedir.db_url, assignment, student, notebooks)
            except BaseException:
                shutil.rmtree(staged, ignore_errors=True)
                raise
            replace_folder(staged, target)


def _released(coursedir: Any, assignment: str, name: str) -> NotebookNode:
    path = Path(coursedir.format_path(coursedir.release_directory, ".", assignment)) / f"{name}.ipynb"
    if not path.is_file():
        raise ValueError(f"{path} is missing: run nbgrader generate_assignment {assignment}")
    return read_notebook(path)


def _check_points(gb: Any, assignment: str, notebooks: Mapping[str, NotebookNode], report: Report) -> None:
    rows = (gb.db.query(GradeCell.name, Notebook.name, GradeCell.max_score)
            .join(Notebook, Notebook.id == GradeCell.notebook_id)
            .join(Assignment, Assignment.id == Notebook.assignment_id)
            .filter(Assignment.name == assignment).all())
    known = {(cell, notebook): float(points) for cell, notebook, points in rows}  # one query, not one per cell
    for name, notebook in notebooks.items():
        for grade_id, (_, cell_points) in auto_scores(notebook).items():
            stored = known.get((grade_id, name))
            if stored is None:  # not a grade cell in the gradebook: nbgrader's own lookup (task cells) or its error
                stored = float(gb.find_graded_cell(grade_id, name, assignment).max_score)
            try:
                graded = function_entry(report, assignment, grade_id).max_points
            except (ResultMissingError, ResultInvalidError):
                graded = stored
            if not stored == cell_points == graded:
                raise ValueError(f"{assignment}.{grade_id}: {stored:g} points in the gradebook, {cell_points:g} "
                                 f"in the release, {graded:g} in the result: regenerate the course")


def _write_grades(gb: Any, assignment: str, student: str, notebooks: Mapping[str, NotebookNode],
                  timestamp: datetime | None) -> bool:
    """Write the student's grades in one transaction (:func:`~grader.gradebook.rows.write_grades`).

    Returns whether late penalties may change.
    """
    scores = {(grade_id, name): auto_score for name, notebook in notebooks.items()
              for grade_id, (auto_score, _) in auto_scores(notebook).items()}
    try:
        penalties = write_grades(gb.db, assignment, student, scores,
                                 None if timestamp is None else nbutils.parse_utc(as_utc(timestamp)))
        gb.db.commit()
    except BaseException:
        gb.db.rollback()
        raise
    return penalties


def _assign_late_penalties(config: Config, db_url: str, assignment: str, student: str,
                           notebooks: Mapping[str, NotebookNode]) -> None:
    # imported here: nbgrader's preprocessors import nbconvert, which only late submissions need
    from nbgrader.preprocessors import AssignLatePenalties  # type: ignore[import-untyped]

    for name, notebook in notebooks.items():
        resources = {"nbgrader": {"notebook": name, "assignment": assignment, "student": student, "db_url": db_url}}
        AssignLatePenalties(config=config).preprocess(notebook, resources)
