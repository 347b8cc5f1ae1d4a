"""The batch pipeline end to end on a small class: record everyone, skip what is unchanged, regrade on demand."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from grader.batch.context import reference_cache
from grader.batch.executor import LocalPool
from grader.batch.pipeline import STEPS, grade_assignment
from grader.batch.steps.discover import discover
from grader.batch.steps.export import export
from grader.batch.steps.grade import grade
from grader.batch.steps.state import load_state, skip_unchanged, state_path
from grader.catalogue import POINTS
from grader.gradebook.table import gradebook_table
from grader.runner.sandbox import WeakIsolation
from tests.batch.helpers import (
    ASSIGNMENT,
    MAX_TOTAL,
    GradedClass,
    clone,
    db_counts,
    learner,
    results_json,
    scores_by_student,
    solution_function,
    solution_source,
    submit,
)

STUDENTS = ("ada", "ben", "cy", "dot", "eve", "fox")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_steps_are_declared_in_order() -> None:
    """The pipeline is discover → skip unchanged → grade → export, in that order."""
    assert (discover, skip_unchanged, grade, export) == STEPS


def test_unknown_assignment_is_refused(tmp_path: Path) -> None:
    """An assignment that is not a catalogue module raises KeyError before anything is written."""
    with pytest.raises(KeyError, match="nosuch"):
        grade_assignment(tmp_path, "nosuch", executor=LocalPool(1))
    assert list(tmp_path.iterdir()) == []


def test_weak_isolation_is_refused_before_anything_is_graded(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Below 'namespaces' (forced: DLGRADE_ISOLATION=rlimits) the batch refuses, naming the flag; nothing is recorded."""
    submit(course, "ada", solution_source())
    before = db_counts(course)
    monkeypatch.setenv("DLGRADE_ISOLATION", "rlimits")
    with pytest.raises(WeakIsolation, match="--allow-weak-isolation") as refused:
        grade_assignment(course, ASSIGNMENT, executor=LocalPool(1))
    assert "as the grader's user" in str(refused.value)
    assert not (course / "dlgrade" / ASSIGNMENT / "results").exists()
    assert db_counts(course) == before


def test_weak_isolation_when_allowed_is_said_in_every_result(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With allow_weak_isolation the batch grades, warns once, and every result says what did not hold."""
    submit(course, "ada", solution_source())
    monkeypatch.setenv("DLGRADE_ISOLATION", "rlimits")
    said: list[str] = []
    ctx = grade_assignment(course, ASSIGNMENT, executor=LocalPool(1), allow_weak_isolation=True, warn=said.append)
    assert [g.report.isolation for g in ctx.graded] == ["rlimits"]
    assert len(said) == 1 and "'rlimits'" in said[0]
    result = results_json(course, "ada")
    assert result["isolation"] == "rlimits"
    assert "grader's user" in result["weak_isolation"]
    assert result["total"] == MAX_TOTAL


def test_relative_course_path_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A course given relative to the current directory reaches the steps absolute.

    Sessions run in a directory of their own: a relative path handed to them (the course to hide
    from learners, its reference cache) named nothing there, and every reference was recomputed
    (a class of 30 took 16-18 s instead of 10 s from `dlgrade grade ... --course c`).
    """
    (tmp_path / "course").mkdir()
    monkeypatch.chdir(tmp_path)
    seen: list[Path] = []

    def step(ctx):  # type: ignore[no-untyped-def]
        seen.append(ctx.course_dir)
        return ctx

    grade_assignment(Path("course"), ASSIGNMENT, executor=LocalPool(1), steps=(step,))
    assert seen == [tmp_path.resolve() / "course"]
    assert reference_cache(seen[0]).is_absolute()


def test_first_run_records_every_submission(graded_class: GradedClass) -> None:
    """One run grades and records the whole class: gradebook rows match the reports, with timestamp.txt's time."""
    ctx = graded_class.ctx
    assert ctx.errors == ()
    assert ctx.skipped == ()
    assert sorted(g.submission.student for g in ctx.graded) == list(STUDENTS)
    rows = gradebook_table(graded_class.course, ASSIGNMENT)
    assert [r["student"] for r in rows] == list(STUDENTS)
    reports = {g.submission.student: g.report for g in ctx.graded}
    for row in rows:
        report = reports[row["student"]]
        assert row["score"] == pytest.approx(report.total)
        assert row["max_score"] == MAX_TOTAL
        assert {f: g["score"] for f, g in row["functions"].items()} == pytest.approx(
            {f.name: f.points for f in report.module(ASSIGNMENT).functions})
        assert row["timestamp"] == graded_class.times[row["student"]].isoformat()
    totals = {r["student"]: r["score"] for r in rows}
    assert totals["ada"] == MAX_TOTAL
    assert totals["cy"] == 0
    assert totals["dot"] == POINTS[ASSIGNMENT]["naive_relu"] + POINTS[ASSIGNMENT]["naive_add"]
    for partial in ("ben", "eve", "fox"):
        assert 0 < totals[partial] < MAX_TOTAL, partial
    state = load_state(state_path(ctx))
    assert {s: e["total"] for s, e in state.items()} == totals


def test_progress_reports_every_submission(graded_class: GradedClass) -> None:
    """The progress callback starts at (0, n), never goes back and ends at (n, n)."""
    calls = graded_class.progress
    assert calls[0] == (0, len(STUDENTS))
    assert calls[-1] == (len(STUDENTS), len(STUDENTS))
    done = [d for d, _ in calls]
    assert done == sorted(done)


def test_second_run_skips_unchanged_and_leaves_the_gradebook_alone(graded_class: GradedClass, tmp_path: Path) -> None:
    """Rerunning on unchanged submissions grades nothing: all skipped, gradebook.db byte for byte the same."""
    course = clone(graded_class.course, tmp_path / "course")
    before = _sha(course / "gradebook.db")
    ctx = grade_assignment(course, ASSIGNMENT, executor=LocalPool(1))
    assert ctx.todo == ()
    assert ctx.graded == ()
    assert sorted(ctx.skipped) == list(STUDENTS)
    assert ctx.errors == ()
    assert _sha(course / "gradebook.db") == before


def test_changed_submission_is_regraded_alone(graded_class: GradedClass, tmp_path: Path) -> None:
    """A resubmission (new content, new time) is the only one graded; its grades replace the old ones."""
    course = clone(graded_class.course, tmp_path / "course")
    counts = db_counts(course)
    old = scores_by_student(gradebook_table(course, ASSIGNMENT))
    when = graded_class.times["cy"].replace(year=2026)
    submit(course, "cy", learner("stub", solution_function("naive_relu")), when)
    ctx = grade_assignment(course, ASSIGNMENT, executor=LocalPool(1))
    assert [g.submission.student for g in ctx.graded] == ["cy"]
    assert sorted(ctx.skipped) == [s for s in STUDENTS if s != "cy"]
    rows = gradebook_table(course, ASSIGNMENT)
    new = scores_by_student(rows)
    assert new["cy"][0] == POINTS[ASSIGNMENT]["naive_relu"]
    assert {s: v for s, v in new.items() if s != "cy"} == {s: v for s, v in old.items() if s != "cy"}
    assert next(r for r in rows if r["student"] == "cy")["timestamp"] == when.isoformat()
    assert db_counts(course) == counts


def test_force_regrades_selected_students_and_reports_missing_ones(graded_class: GradedClass, tmp_path: Path) -> None:
    """force=True regrades an unchanged submission; the students filter limits the run; an unknown student is an error."""
    course = clone(graded_class.course, tmp_path / "course")
    counts = db_counts(course)
    old = scores_by_student(gradebook_table(course, ASSIGNMENT))
    ctx = grade_assignment(course, ASSIGNMENT, students=["cy", "zed"], force=True, executor=LocalPool(1))
    assert [s.student for s in ctx.submissions] == ["cy"]
    assert [g.submission.student for g in ctx.graded] == ["cy"]
    assert ctx.skipped == ()
    assert ctx.errors == (f"zed: no submission of {ASSIGNMENT}",)
    assert scores_by_student(gradebook_table(course, ASSIGNMENT)) == old
    assert db_counts(course) == counts
    unforced = grade_assignment(course, ASSIGNMENT, students=["cy"], executor=LocalPool(1))
    assert unforced.graded == ()
    assert unforced.skipped == ("cy",)


def test_keras_references_are_kept_for_later_sessions(graded_class: GradedClass) -> None:
    """The batch keeps its array references on disk in the course's dlgrade folder (hidden from learners).

    Later sessions and re-grades then load dense_forward's Keras reference instead of importing TensorFlow.
    """
    folder = reference_cache(graded_class.course)
    kept = sorted(p.name for p in folder.glob("*.npy"))
    assert any(name.startswith("_keras_dense-") for name in kept), kept
    assert folder.is_relative_to(graded_class.course)


def test_sessions_grade_at_the_level_detected_once(graded_class: GradedClass) -> None:
    """The batch detects the isolation level once, and every submission is graded (and recorded) at it."""
    from grader.runner.sandbox import detect_level

    ctx = graded_class.ctx
    assert ctx.isolation == detect_level()
    assert {g.report.isolation for g in ctx.graded} == {ctx.isolation}


def test_the_batch_starts_sessions_without_importing_pytest_or_numpy() -> None:
    """What `dlgrade grade` imports before its first session starts needs neither pytest nor NumPy (0.3 s).

    The sessions import them; the batch only reads their progress lines and results files.
    """
    import subprocess
    import sys

    probe = ("import sys\nimport grader.cli, grader.batch.pipeline, grader.batch.progress\n"
             "print('pytest' in sys.modules, 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120).stdout
    assert out.split() == ["False", "False"]
