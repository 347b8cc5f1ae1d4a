"""One submission's rows in nbgrader's gradebook, written as SQL statements in one transaction.

nbgrader's ORM path (``update_or_create_student``, ``add_submission``, then every grade loaded
and changed as an object) was most of a batch's recording, which shares the machine's cores
with the grading sessions: objects for every cell of the
assignment, one commit for the student, one for the submission, one for the grades, and
every row loaded again after each commit. :func:`write_grades` writes the same rows with
statements on nbgrader's own tables in one transaction: the student if new; for a first
submission, the structure ``add_submission`` mirrors from the assignment (a submitted notebook
per notebook; a grade per grade cell, a comment per solution cell, both per task cell; column
defaults as nbgrader declares them); the submission time; every graded cell's ``auto_score``
and ``needs_manual_grade`` (manual scores kept and flagged for review, as autograde does). The
gradebook is opened without an authenticator (:func:`grader.gradebook.db.open_gradebook`), so
nbgrader's student helper would add nothing to the student row. ``tests/gradebook/test_rows.py``
compares the rows with nbgrader's own path.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from nbgrader.api import (  # type: ignore[import-untyped]
    Assignment,
    BaseCell,
    Comment,
    Grade,
    GradeCell,
    MissingEntry,
    Notebook,
    SolutionCell,
    Student,
    SubmittedAssignment,
    SubmittedNotebook,
    TaskCell,
    new_uuid,
)
from sqlalchemy import bindparam, insert, select, update

GRADED_TYPES = tuple(cell.__mapper__.polymorphic_identity for cell in (GradeCell, TaskCell))
"""``base_cell.type`` of the cells ``add_submission`` gives a grade row (``notebook.grade_cells``, ``.task_cells``)."""
COMMENTED_TYPES = tuple(cell.__mapper__.polymorphic_identity for cell in (SolutionCell, TaskCell))
"""``base_cell.type`` of the cells it gives a comment row (``notebook.solution_cells``, ``.task_cells``)."""

Scores = Mapping[tuple[str, str], float | None]
"""(cell name, notebook name) → the cell's automatic score (None: needs manual grading)."""


def write_grades(db: Any, assignment: str, student: str, scores: Scores, timestamp: datetime | None) -> bool:
    """Write one student's submission and automatic scores, uncommitted, in ``db`` (nbgrader's session).

    ``timestamp``: naive UTC (as nbgrader stores it), or None. Returns whether late penalties may
    change: the submission is late, or one of its notebooks carries a penalty (to reset).

    Raises:
        MissingEntry: the assignment is not in the gradebook, or a scored cell is not one of its
            grade cells (nbgrader's own error for either).
    """
    found = db.execute(select(Assignment.id, Assignment.duedate).where(Assignment.name == assignment)).first()
    if found is None:
        raise MissingEntry(f"no such assignment: {assignment}")
    assignment_id, duedate = found
    if db.execute(select(Student.id).where(Student.id == student)).first() is None:
        db.execute(insert(Student).values(id=student))
    submission = db.execute(select(SubmittedAssignment.id, SubmittedAssignment.extension).where(
        SubmittedAssignment.assignment_id == assignment_id, SubmittedAssignment.student_id == student)).first()
    if submission is None:
        submission_id, extension = _add_submission(db, assignment_id, student, timestamp), None
    else:
        submission_id, extension = submission
        db.execute(update(SubmittedAssignment).where(SubmittedAssignment.id == submission_id)
                   .values(timestamp=timestamp))
    _set_scores(db, submission_id, scores)
    penalties = db.execute(select(SubmittedNotebook.late_submission_penalty)
                           .where(SubmittedNotebook.assignment_id == submission_id)).scalars().all()
    return _seconds_late(timestamp, duedate, extension) > 0 or any(p is not None for p in penalties)


def _add_submission(db: Any, assignment_id: str, student: str, timestamp: datetime | None) -> str:
    """The submission and the structure ``Gradebook.add_submission`` mirrors from the assignment; its id."""
    submission_id = str(new_uuid())
    db.execute(insert(SubmittedAssignment).values(id=submission_id, assignment_id=assignment_id, student_id=student,
                                                  timestamp=timestamp))
    notebooks = db.execute(select(Notebook.id).where(Notebook.assignment_id == assignment_id)).scalars().all()
    cells = db.execute(select(BaseCell.id, BaseCell.notebook_id, BaseCell.type)
                       .where(BaseCell.notebook_id.in_(notebooks))).all()
    grades: list[dict[str, Any]] = []
    comments: list[dict[str, Any]] = []
    for notebook_id in notebooks:
        submitted_id = new_uuid()
        db.execute(insert(SubmittedNotebook).values(id=submitted_id, assignment_id=submission_id,
                                                    notebook_id=notebook_id))
        for cell_id, cell_notebook, kind in cells:
            if cell_notebook != notebook_id:
                continue
            if kind in GRADED_TYPES:
                grades.append({"cell_id": cell_id, "notebook_id": submitted_id})
            if kind in COMMENTED_TYPES:
                comments.append({"cell_id": cell_id, "notebook_id": submitted_id})
    if grades:  # one statement for all rows; the ids come from nbgrader's column default
        db.execute(insert(Grade), grades)
    if comments:
        db.execute(insert(Comment), comments)
    return submission_id


def _set_scores(db: Any, submission_id: str, scores: Scores) -> None:
    """Set each scored cell's automatic score; a manual score stays, flagged for review."""
    rows = db.execute(
        select(Grade.id, BaseCell.name, Notebook.name, Grade.manual_score)
        .join(BaseCell, BaseCell.id == Grade.cell_id)
        .join(SubmittedNotebook, SubmittedNotebook.id == Grade.notebook_id)
        .join(Notebook, Notebook.id == SubmittedNotebook.notebook_id)
        .where(SubmittedNotebook.assignment_id == submission_id)).all()
    grades = {(cell, notebook): (grade_id, manual) for grade_id, cell, notebook, manual in rows}
    changes = []
    for key, auto_score in scores.items():
        if key not in grades:
            raise MissingEntry(f"no grade for cell {key[0]!r} of notebook {key[1]!r} in this submission")
        grade_id, manual = grades[key]
        changes.append({"grade": grade_id, "score": auto_score, "flag": manual is not None or auto_score is None})
    if changes:  # one statement for all cells
        table = Grade.__table__
        db.execute(update(table).where(table.c.id == bindparam("grade"))
                   .values(auto_score=bindparam("score"), needs_manual_grade=bindparam("flag")), changes)


def _seconds_late(timestamp: datetime | None, duedate: datetime | None, extension: Any) -> float:
    """Seconds past the due date plus any extension, else 0 (nbgrader's ``SubmittedAssignment.total_seconds_late``)."""
    if timestamp is None or duedate is None:
        return 0.0
    due = duedate if extension is None else duedate + extension
    return max(0.0, (timestamp - due).total_seconds())
