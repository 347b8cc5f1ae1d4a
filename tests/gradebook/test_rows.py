"""write_grades writes the rows nbgrader's own API writes (update_or_create_student, add_submission, the grades)."""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from nbgrader import utils as nbutils
from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import SAWarning

from grader.catalogue import POINTS
from grader.gradebook.autograded import auto_scores, graded_notebook
from grader.gradebook.notebook import read_notebook
from grader.gradebook.rows import Scores, write_grades
from grader.results import Report

MODULE = "tensor_ops"
WHEN = datetime(2025, 3, 4, 5, 6, 7, 891011)  # naive UTC, as nbgrader stores it
ResultFactory = Callable[..., Report]


def _scores(course: Path, result: Report) -> Scores:
    released = read_notebook(course / "release" / MODULE / f"{MODULE}.ipynb")
    graded = graded_notebook(released, MODULE, result)
    return {(grade_id, MODULE): auto for grade_id, (auto, _) in auto_scores(graded).items()}


def _nbgrader_way(gb: Any, student: str, scores: Scores, timestamp: datetime | None) -> None:
    """What the recorder did before, through nbgrader's own API: the reference for the rows."""
    gb.update_or_create_student(student)
    with warnings.catch_warnings():  # add_submission trips SQLAlchemy's autoflush warning (nbgrader's own code)
        warnings.simplefilter("ignore", SAWarning)
        submission = gb.add_submission(MODULE, student)
    submission.timestamp = timestamp
    for (cell, notebook), auto in scores.items():
        grade = gb.find_grade(cell, notebook, MODULE, student)
        grade.auto_score = auto
        grade.needs_manual_grade = grade.manual_score is not None or auto is None
    gb.db.commit()


def _ours(gb: Any, student: str, scores: Scores, timestamp: datetime | None) -> bool:
    late = write_grades(gb.db, MODULE, student, scores, timestamp)
    gb.db.commit()
    return late


def _rows(course: Path, student: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row a submission consists of, with ids replaced by what they point to (cell and notebook names)."""
    queries = {
        "student": "SELECT first_name, last_name, email, lms_user_id FROM student WHERE id = ?",
        "submitted_assignment": "SELECT a.name, s.timestamp, s.extension FROM submitted_assignment s"
                                " JOIN assignment a ON a.id = s.assignment_id WHERE s.student_id = ?",
        "submitted_notebook": "SELECT nb.name, n.flagged, n.late_submission_penalty FROM submitted_notebook n"
                              " JOIN notebook nb ON nb.id = n.notebook_id JOIN submitted_assignment s"
                              " ON s.id = n.assignment_id WHERE s.student_id = ?",
        "grade": "SELECT nb.name, c.name, c.type, g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade"
                 " FROM grade g JOIN base_cell c ON c.id = g.cell_id JOIN submitted_notebook n ON n.id = g.notebook_id"
                 " JOIN notebook nb ON nb.id = n.notebook_id JOIN submitted_assignment s ON s.id = n.assignment_id"
                 " WHERE s.student_id = ?",
        "comment": "SELECT nb.name, c.name, c.type, m.auto_comment, m.manual_comment FROM comment m"
                   " JOIN base_cell c ON c.id = m.cell_id JOIN submitted_notebook n ON n.id = m.notebook_id"
                   " JOIN notebook nb ON nb.id = n.notebook_id JOIN submitted_assignment s ON s.id = n.assignment_id"
                   " WHERE s.student_id = ?",
    }
    with sqlite3.connect(course / "gradebook.db") as db:
        return {table: sorted(db.execute(sql, (student,)).fetchall(), key=repr) for table, sql in queries.items()}


def _ids_are_fresh(course: Path) -> None:
    with sqlite3.connect(course / "gradebook.db") as db:
        for table in ("submitted_assignment", "submitted_notebook", "grade", "comment"):
            ids = [row[0] for row in db.execute(f"SELECT id FROM {table}")]  # noqa: S608 - fixed table names
            assert len(ids) == len(set(ids)), f"duplicate ids in {table}"
            assert all(isinstance(i, str) and len(i) == 32 for i in ids), f"ids in {table} are not nbgrader's uuids"


def test_first_submission_rows_equal_nbgrader_add_submission(course: Path, make_result: ResultFactory) -> None:
    """A first submission: the same student, submission, notebook, grade and comment rows as nbgrader's API writes."""
    scores = _scores(course, make_result(MODULE, {"naive_relu": 0.5, "naive_add": 0.0}))
    assert len(scores) == len(POINTS[MODULE]) and scores[("naive_add", MODULE)] == 0.0
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        _nbgrader_way(gb, "theirs", scores, WHEN)
        assert _ours(gb, "ours", scores, WHEN) is False
    theirs, ours = _rows(course, "theirs"), _rows(course, "ours")
    assert theirs["grade"], "nbgrader wrote no grade rows: nothing was compared"
    assert {t for _, _, t, *_ in theirs["grade"]} == {"GradeCell"}
    assert ours == theirs
    _ids_are_fresh(course)


def test_task_and_solution_cells_get_their_rows(course: Path, make_result: ResultFactory) -> None:
    """A solution cell gets a comment, a task cell a grade and a comment, as add_submission gives them."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.add_solution_cell("written", MODULE, MODULE)
        gb.add_task_cell("essay", MODULE, MODULE, max_score=2.0, cell_type="markdown")
        scores = _scores(course, make_result(MODULE))
        _nbgrader_way(gb, "theirs", scores, None)
        _ours(gb, "ours", scores, None)
    theirs, ours = _rows(course, "theirs"), _rows(course, "ours")
    assert {(c, t) for _, c, t, *_ in theirs["comment"]} == {("written", "SolutionCell"), ("essay", "TaskCell")}
    assert ("essay", "TaskCell") in {(c, t) for _, c, t, *_ in theirs["grade"]}
    assert ours == theirs
    _ids_are_fresh(course)


def test_recording_again_updates_the_same_rows(course: Path, make_result: ResultFactory) -> None:
    """A second write changes scores and time in place; a manual score stays, flagged for review, as autograde does."""
    first = _scores(course, make_result(MODULE))
    second = _scores(course, make_result(MODULE, {"naive_relu": 0.0}))
    later = WHEN + timedelta(hours=1)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in ("theirs", "ours"):
            (_nbgrader_way if student == "theirs" else _ours)(gb, student, first, WHEN)
            gb.find_grade("naive_add", MODULE, MODULE, student).manual_score = 1.0
            gb.db.commit()
        sub = gb.find_submission(MODULE, "theirs")
        sub.timestamp = later
        for (cell, notebook), auto in second.items():
            grade = gb.find_grade(cell, notebook, MODULE, "theirs")
            grade.auto_score, grade.needs_manual_grade = auto, grade.manual_score is not None or auto is None
        gb.db.commit()
        _ours(gb, "ours", second, later)
    theirs, ours = _rows(course, "theirs"), _rows(course, "ours")
    assert ours == theirs
    flagged = [row for row in ours["grade"] if row[6]]
    assert [(cell, manual) for _, cell, _, _, manual, _, _ in flagged] == [("naive_add", 1.0)]
    assert len(ours["grade"]) == len(first)  # updated in place, nothing added


def test_lateness_is_reported(course: Path, make_result: ResultFactory) -> None:
    """Late penalties may change for a submission past the due date (plus extension), or with a penalty set."""
    scores = _scores(course, make_result(MODULE))
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.update_or_create_assignment(MODULE, duedate=nbutils.parse_utc(datetime(2025, 3, 4, tzinfo=UTC)))
        assert _ours(gb, "late", scores, WHEN) is True
        assert _ours(gb, "early", scores, datetime(2025, 3, 3)) is False
        gb.find_submission(MODULE, "late").extension = timedelta(days=1)
        gb.db.commit()
        assert _ours(gb, "late", scores, WHEN) is False  # within the extension
        gb.find_submission(MODULE, "early").notebooks[0].late_submission_penalty = 1.0
        gb.db.commit()
        assert _ours(gb, "early", scores, datetime(2025, 3, 3)) is True  # a penalty to reset


def test_unknown_cells_and_assignments_are_refused(course: Path, make_result: ResultFactory) -> None:
    """A score for a cell the assignment lacks, or an assignment the gradebook lacks, raises nbgrader's MissingEntry."""
    scores = dict(_scores(course, make_result(MODULE)))
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        with pytest.raises(MissingEntry, match="nosuch"):
            write_grades(gb.db, "nosuch", "ada", scores, WHEN)
        gb.db.rollback()
        scores[("invented", MODULE)] = 1.0
        with pytest.raises(MissingEntry, match="invented"):
            write_grades(gb.db, MODULE, "ada", scores, WHEN)
        gb.db.rollback()
    assert _rows(course, "ada")["submitted_assignment"] == []
