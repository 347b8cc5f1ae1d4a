"""Step 4, export: per-student JSON, the class CSV and Markdown feedback that explains lost points without test code."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest

from grader.batch.steps.export import export
from grader.catalogue import POINTS
from grader.results import STATUSES
from grader.runner.sandbox import detect_level
from tests.batch.helpers import ASSIGNMENT, REPO, GradedClass, clone, results_json

FUNCTION_KEYS = {"points", "max_points", "status", "message", "checks"}


def _csv_rows(course: Path) -> list[dict[str, str]]:
    with (course / "dlgrade" / ASSIGNMENT / "results.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_results_json_has_the_fixed_shape(graded_class: GradedClass) -> None:
    """results/<student>.json: the fixed JSON shape, every catalogue function, totals that add up, the isolation level."""
    students = [g.submission.student for g in graded_class.ctx.graded]
    folder = graded_class.course / "dlgrade" / ASSIGNMENT / "results"
    assert sorted(p.stem for p in folder.iterdir()) == sorted(students)
    for student in students:
        data = results_json(graded_class.course, student)
        assert set(data) == {"modules", "total", "max_total", "lang", "isolation", "student", "timestamp"}
        assert data["student"] == student
        assert data["timestamp"] == graded_class.times[student].replace(tzinfo=None).isoformat()
        assert (data["lang"], data["isolation"]) == ("en", detect_level())
        assert list(data["modules"]) == [ASSIGNMENT]
        module = data["modules"][ASSIGNMENT]
        assert set(module) == {"functions", "points", "max_points", "learner_seconds", "grading_seconds"}
        assert 0 <= module["learner_seconds"] < 60
        assert 0 < module["grading_seconds"] < 600  # every submission's checks took some time of the session
        assert list(module["functions"]) == list(POINTS[ASSIGNMENT])
        for name, entry in module["functions"].items():
            assert FUNCTION_KEYS <= set(entry) <= FUNCTION_KEYS | {"history"}
            assert entry["status"] in STATUSES
            assert entry["max_points"] == POINTS[ASSIGNMENT][name]
            assert 0 <= entry["points"] <= entry["max_points"]
            assert (entry["status"] == "passed") == (entry["points"] == entry["max_points"])
            assert entry["message"]
        assert module["points"] == pytest.approx(sum(f["points"] for f in module["functions"].values()))
        assert data["total"] == module["points"]
        assert data["max_total"] == module["max_points"] == 30


def test_results_csv_has_one_row_per_student_and_function(graded_class: GradedClass) -> None:
    """results.csv: one row per (student, function), with the points, status and message of the JSON."""
    rows = _csv_rows(graded_class.course)
    students = sorted(g.submission.student for g in graded_class.ctx.graded)
    assert list(rows[0]) == ["student", "assignment", "function", "points", "max_points", "status", "message"]
    assert [(r["student"], r["function"]) for r in rows] == [(s, f) for s in students for f in POINTS[ASSIGNMENT]]
    for row in rows:
        entry = results_json(graded_class.course, row["student"])["modules"][ASSIGNMENT]["functions"][row["function"]]
        assert row["assignment"] == ASSIGNMENT
        assert float(row["points"]) == entry["points"]
        assert float(row["max_points"]) == entry["max_points"]
        assert (row["status"], row["message"]) == (entry["status"], entry["message"])


def test_feedback_explains_every_lost_point(graded_class: GradedClass) -> None:
    """feedback/<student>.md lists every function with its points and, for each lost point, the function and its message."""
    folder = graded_class.course / "dlgrade" / ASSIGNMENT / "feedback"
    for graded in graded_class.ctx.graded:
        student = graded.submission.student
        text = (folder / f"{student}.md").read_text(encoding="utf-8")
        assert text.startswith(f"# Feedback — {student}\n")
        module = graded.report.module(ASSIGNMENT)
        assert f"## {ASSIGNMENT}.py — {module.points:g} / {module.max_points:g}" in text
        lost = [f for f in module.functions if f.points < f.max_points]
        for f in module.functions:
            assert f"| `{f.name}` | {f.points:g} / {f.max_points:g} |" in text
        assert ("### Lost points" in text) == bool(lost)
        for f in lost:
            assert f"- `{f.name}` ({f.points:g} / {f.max_points:g}): {f.message}" in text
            assert len(f.message) > 10, f.message
    assert "### Lost points" not in (folder / "ada.md").read_text(encoding="utf-8")
    eve = (folder / "eve.md").read_text(encoding="utf-8")
    assert "`naive_relu`" in eve.split("### Lost points")[1]
    assert "maximum" in eve.split("### Lost points")[1]


def test_feedback_contains_no_hidden_test_source(graded_class: GradedClass) -> None:
    """No feedback file quotes the hidden suite: no 'def test_', no 'assert_array_matches', no line of it (>= 30 chars)."""
    hidden = (REPO / "grader" / "suites" / "hidden" / f"test_{ASSIGNMENT}.py").read_text(encoding="utf-8")
    lines = {line.strip() for line in hidden.splitlines() if len(line.strip()) >= 30}
    assert lines
    for path in (graded_class.course / "dlgrade" / ASSIGNMENT / "feedback").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert "def test_" not in text, path.name
        assert "assert_array_matches" not in text, path.name
        leaked = [line for line in lines if line in text]
        assert leaked == [], (path.name, leaked[:3])


def test_export_is_fail_closed_on_a_damaged_results_file(graded_class: GradedClass, tmp_path: Path) -> None:
    """A truncated results file becomes rows of 0 points with status error in the CSV; export does not stop."""
    course = clone(graded_class.course, tmp_path / "course")
    (course / "dlgrade" / ASSIGNMENT / "results" / "ben.json").write_text('{"modules": {', encoding="utf-8")
    ctx = dataclasses.replace(graded_class.ctx, course_dir=course, graded=())
    export(ctx)
    rows = [r for r in _csv_rows(course) if r["student"] == "ben"]
    assert len(rows) == len(POINTS[ASSIGNMENT])
    assert {(r["points"], r["status"]) for r in rows} == {("0.0", "error")}
    assert [r["student"] for r in _csv_rows(course)].count("ada") == len(POINTS[ASSIGNMENT])


def test_feedback_of_a_student_recorded_by_an_interrupted_run_is_written(graded_class: GradedClass, tmp_path: Path) -> None:
    """A student recorded by an interrupted run gets feedback from the results file; other feedback is kept.

    The run was killed after recording, before exporting: the text is the same as if it had not been interrupted.
    """
    course = clone(graded_class.course, tmp_path / "course")
    folder = course / "dlgrade" / ASSIGNMENT / "feedback"
    original = (folder / "ben.md").read_text(encoding="utf-8")
    (folder / "ben.md").unlink()
    (folder / "fox.md").write_text("kept", encoding="utf-8")
    export(dataclasses.replace(graded_class.ctx, course_dir=course, graded=()))
    assert (folder / "ben.md").read_text(encoding="utf-8") == original
    assert (folder / "fox.md").read_text(encoding="utf-8") == "kept"
