"""record_grades writes what nbgrader autograde would; nbgrader's CLI, API and formgrader read it back."""

from __future__ import annotations

import csv
import dataclasses
import json
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from nbgrader.api import Gradebook
from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from sqlalchemy import event
from sqlalchemy.engine import Engine

from grader.catalogue import POINTS
from grader.gradebook.config import load_config
from grader.gradebook.course import run_nbgrader
from grader.gradebook.db import submitted_timestamp
from grader.gradebook.gradebook import record_grades
from grader.gradebook.table import format_table, gradebook_table
from grader.results import ModuleResult, Report

ResultFactory = Callable[..., Report]
SubmitFactory = Callable[..., Path]
TIMESTAMP = datetime(2025, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)  # the conftest fixtures' time
MODULE = "tensor_ops"
FRACTIONS = {
    "alice": {},
    "bob": {"naive_relu": 0.5, "naive_maximum": 1 / 3, "dense_forward": 0.0},
    "carol": {f: 0.0 for f in POINTS[MODULE]},
}


def _expected(student: str) -> dict[str, float]:
    return {f: round(p * FRACTIONS[student].get(f, 1.0), 2) for f, p in POINTS[MODULE].items()}


@pytest.fixture
def graded(course: Path, make_result: ResultFactory, submit: SubmitFactory, stamp: datetime) -> Path:
    """Record alice (full), bob (partial) and carol (nothing) for tensor_ops."""
    assert stamp == TIMESTAMP
    for student, fractions in FRACTIONS.items():
        submit(course, student, MODULE, code=f"# {student}'s code\n")
        stamp = submitted_timestamp(course, MODULE, student)
        assert stamp == TIMESTAMP
        record_grades(course, MODULE, student, make_result(MODULE, fractions), stamp)
    return course


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _db_counts(course: Path) -> dict[str, int]:
    with sqlite3.connect(course / "gradebook.db") as db:
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # noqa: S608 - fixed table names
                for t in ("student", "submitted_assignment", "submitted_notebook", "grade", "comment")}


def test_export_cli_reports_totals_and_cells(graded: Path) -> None:
    """`nbgrader export` (real CLI) reports each student's total; the per-cell exporter each cell's score."""
    run_nbgrader(graded, "export", "--to=grades.csv")
    rows = {(r["assignment"], r["student_id"]): r for r in _csv(graded / "grades.csv")}
    for student in FRACTIONS:
        row = rows[(MODULE, student)]
        assert float(row["score"]) == pytest.approx(sum(_expected(student).values()))
        assert float(row["max_score"]) == sum(POINTS[MODULE].values())
        assert row["timestamp"] == "2025-03-04 05:06:07.891011"
    run_nbgrader(graded, "export", "--exporter=grader.gradebook.export.CellCsvExportPlugin", "--to=cells.csv")
    cells = _csv(graded / "cells.csv")
    assert len(cells) == len(FRACTIONS) * len(POINTS[MODULE])
    for cell in cells:
        assert float(cell["score"]) == _expected(cell["student_id"])[cell["cell"]]
        assert float(cell["max_score"]) == POINTS[MODULE][cell["cell"]]
        assert cell["needs_manual_grade"] == "False"


def test_gradebook_table_reads_back(graded: Path) -> None:
    """gradebook_table gives per-function score/max and totals per student; format_table prints them."""
    rows = gradebook_table(graded, MODULE)
    assert [r["student"] for r in rows] == ["alice", "bob", "carol"]
    for row in rows:
        assert list(row["functions"]) == list(POINTS[MODULE])
        assert {f: g["score"] for f, g in row["functions"].items()} == _expected(row["student"])
        assert row["score"] == pytest.approx(sum(_expected(row["student"]).values()))
        assert row["max_score"] == 30.0
        assert row["timestamp"] == TIMESTAMP.isoformat()
    text = format_table(rows)
    assert text.splitlines()[0].split() == ["student", *POINTS[MODULE], "total"]
    assert "bob      1/2" in text
    assert text.splitlines()[-1].endswith("0/30")


def test_gradebook_table_reads_a_class_in_a_fixed_number_of_queries(
        graded: Path, make_result: ResultFactory, submit: SubmitFactory) -> None:
    """The table's SQL does not grow with the class (it once read every grade object by object: ~17 queries each).

    Checked with SQLAlchemy's statement events, for the 3 graded students and then 8.
    """
    statements: list[str] = []

    def count(conn: object, cursor: object, statement: str, *rest: object) -> None:
        statements.append(statement)

    def queries() -> tuple[int, list[dict[str, Any]]]:
        statements.clear()
        event.listen(Engine, "before_cursor_execute", count)
        try:
            rows = gradebook_table(graded, MODULE)
        finally:
            event.remove(Engine, "before_cursor_execute", count)
        return len(statements), rows

    few, rows = queries()
    assert len(rows) == 3
    for student in ("dave", "erin", "frank", "grace", "heidi"):
        submit(graded, student, MODULE, code="# code\n")
        record_grades(graded, MODULE, student, make_result(MODULE, {"naive_add": 0.5}),
                      submitted_timestamp(graded, MODULE, student))
    many, rows = queries()
    assert len(rows) == 8
    assert rows[3]["student"] == "dave" and rows[3]["functions"]["naive_add"]["score"] == 1.0
    assert many == few, statements


def test_autograded_folder_like_autograde(graded: Path) -> None:
    """autograded/<student>/<module>/ holds the filled notebook, the learner's file and timestamp.txt."""
    folder = graded / "autograded" / "bob" / MODULE
    assert sorted(p.name for p in folder.iterdir()) == [f"{MODULE}.ipynb", f"{MODULE}.py", "timestamp.txt"]
    assert (folder / f"{MODULE}.py").read_text() == "# bob's code\n"
    cells = {c["metadata"]["nbgrader"]["grade_id"]: c for c in json.loads((folder / f"{MODULE}.ipynb").read_text())[
        "cells"] if c["cell_type"] == "code"}
    relu = cells["naive_relu"]["outputs"]
    expected = "naive_relu: failed, 1 of 2 points\nnaive_relu lost points (secretless message)\n"
    assert "".join(relu[0]["text"]) == expected
    assert "".join(relu[1]["data"]["text/plain"]) == "1.0"
    add = cells["naive_add"]["outputs"]
    assert [o["output_type"] for o in add] == ["stream", "execute_result"]
    assert "".join(add[0]["text"]) == "naive_add: passed, 2 of 2 points\nall checks passed\n"


def test_rerecording_replaces_without_duplicates(graded: Path, make_result: ResultFactory) -> None:
    """Recording bob again updates his grades in place: same row counts, new scores, one autograded folder."""
    before = _db_counts(graded)
    record_grades(graded, MODULE, "bob", make_result(MODULE), TIMESTAMP)
    record_grades(graded, MODULE, "bob", make_result(MODULE, {"naive_add": 0.5}), TIMESTAMP)
    assert _db_counts(graded) == before
    bob = next(r for r in gradebook_table(graded, MODULE) if r["student"] == "bob")
    assert bob["score"] == 29.0
    assert sorted(p.name for p in (graded / "autograded" / "bob").iterdir()) == [MODULE]


def test_manual_scores_survive_rerecording(graded: Path, make_result: ResultFactory) -> None:
    """As with autograde, a grader's manual score is kept and the cell is flagged for review."""
    url = f"sqlite:///{graded / 'gradebook.db'}"
    with Gradebook(url, "dlgrade-demo") as gb:
        gb.find_grade("naive_relu", MODULE, MODULE, "bob").manual_score = 2.0
        gb.db.commit()
    record_grades(graded, MODULE, "bob", make_result(MODULE, {"naive_relu": 0.0}), TIMESTAMP)
    with Gradebook(url, "dlgrade-demo") as gb:
        grade = gb.find_grade("naive_relu", MODULE, MODULE, "bob")
        assert (grade.auto_score, grade.manual_score, grade.score, grade.needs_manual_grade) == (0.0, 2.0, 2.0, True)


def test_formgrader_api_lists_submissions_as_autograded(graded: Path) -> None:
    """Formgrader's API (nbgrader NbGraderAPI) counts every recorded submission as autograded, with its score."""
    config = load_config(graded)
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    submissions = {s["student"]: s for s in api.get_submissions(MODULE)}
    assert set(submissions) == set(FRACTIONS)
    for student, submission in submissions.items():
        assert submission["autograded"] is True
        assert submission["score"] == pytest.approx(sum(_expected(student).values()))
    assert api.get_autograded_students(MODULE) == set(FRACTIONS)


def test_generate_feedback_renders_recorded_grades(graded: Path) -> None:
    """`nbgrader generate_feedback` (real CLI) renders bob's scores and the reasons for lost points."""
    run_nbgrader(graded, "generate_feedback", MODULE, "--student", "bob")
    html = (graded / "feedback" / "bob" / MODULE / f"{MODULE}.html").read_text()
    total = sum(_expected("bob").values())
    assert f"Score: {total} / 30.0" in html
    assert "Score: 1.0 / 2.0" in html
    assert "naive_relu: failed, 1 of 2 points" in html
    assert "dense_forward: not implemented, 0 of 3 points" in html


def test_inconsistent_input_is_rejected_before_writing(graded: Path, make_result: ResultFactory) -> None:
    """Wrong timestamp, wrong module, changed points or an unknown assignment raise and change nothing."""
    before = _db_counts(graded)
    with pytest.raises(ValueError, match="disagrees with"):
        record_grades(graded, MODULE, "bob", make_result(MODULE), TIMESTAMP + timedelta(seconds=1))
    with pytest.raises(ValueError, match="no module 'tensor_ops'"):
        record_grades(graded, MODULE, "dave", make_result("tensors"), TIMESTAMP)
    right = make_result(MODULE)
    changed = Report((ModuleResult(MODULE, tuple(dataclasses.replace(f, max_points=5.0) if f.name == "naive_add" else f
                                                 for f in right.module(MODULE).functions)),))
    with pytest.raises(ValueError, match="regenerate the course"):
        record_grades(graded, MODULE, "dave", changed, TIMESTAMP)
    with pytest.raises(ValueError, match="not in the gradebook"):
        record_grades(graded, "nope", "dave", Report((ModuleResult("nope", ()),)), TIMESTAMP)
    assert _db_counts(graded) == before
    assert not (graded / "autograded" / "dave").exists() or not any((graded / "autograded" / "dave").iterdir())


def test_missing_function_scores_zero_with_error(course: Path, make_result: ResultFactory) -> None:
    """A result lacking a function records 0 for it and an error output naming it (as a raising cell would)."""
    record_grades(course, MODULE, "erin", make_result(MODULE, drop=("naive_add",)), TIMESTAMP)
    row = gradebook_table(course, MODULE)[0]
    assert row["functions"]["naive_add"]["score"] == 0.0
    assert row["score"] == 28.0
    nb = json.loads((course / "autograded" / "erin" / MODULE / f"{MODULE}.ipynb").read_text())
    cell = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "naive_add")
    assert cell["outputs"][0]["output_type"] == "error"
    assert "no result for tensor_ops.naive_add" in cell["outputs"][0]["evalue"]


def test_concurrent_writers_are_serialised(course: Path, make_result: ResultFactory) -> None:
    """Eight threads recording at once (one writer at a time) leave eight complete, correct submissions."""
    students = [f"s{i}" for i in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda s: record_grades(course, MODULE, s, make_result(MODULE, {"naive_relu": 0.5}),
                                              TIMESTAMP), students))
    rows = gradebook_table(course, MODULE)
    assert [r["student"] for r in rows] == students
    assert all(r["score"] == 29.0 for r in rows)
    assert _db_counts(course)["grade"] == 8 * len(POINTS[MODULE])


def test_late_penalty_follows_course_config(course: Path, make_result: ResultFactory) -> None:
    """With a due date and LateSubmissionPlugin.penalty_method = 'zero', a late submission scores 0 in export."""
    with (course / "nbgrader_config.py").open("a") as handle:
        handle.write("c.LateSubmissionPlugin.penalty_method = 'zero'\n")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "dlgrade-demo") as gb:
        gb.update_or_create_assignment(MODULE, duedate=TIMESTAMP - timedelta(days=1))
    record_grades(course, MODULE, "late", make_result(MODULE), TIMESTAMP)
    row = gradebook_table(course, MODULE)[0]
    assert (row["raw_score"], row["late_submission_penalty"], row["score"]) == (30.0, 30.0, 0.0)


def test_late_penalty_is_reset_when_the_submission_is_no_longer_late(course: Path, make_result: ResultFactory) -> None:
    """A penalty recorded for a late submission goes when it is re-recorded after the due date moved past it.

    The recorder skips nbgrader's AssignLatePenalties for on-time submissions; it must still run it
    when a penalty from before has to be reset.
    """
    with (course / "nbgrader_config.py").open("a") as handle:
        handle.write("c.LateSubmissionPlugin.penalty_method = 'zero'\n")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "dlgrade-demo") as gb:
        gb.update_or_create_assignment(MODULE, duedate=TIMESTAMP - timedelta(days=1))
    record_grades(course, MODULE, "late", make_result(MODULE), TIMESTAMP)
    assert gradebook_table(course, MODULE)[0]["late_submission_penalty"] == 30.0
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "dlgrade-demo") as gb:
        gb.update_or_create_assignment(MODULE, duedate=TIMESTAMP + timedelta(days=1))
    record_grades(course, MODULE, "late", make_result(MODULE), TIMESTAMP)
    row = gradebook_table(course, MODULE)[0]
    assert (row["raw_score"], row["late_submission_penalty"], row["score"]) == (30.0, 0.0, 30.0)
