"""Resumability: `dlgrade grade` killed with SIGKILL mid-run is finished by running it again, nothing counted twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.batch.steps.state import load_state
from grader.gradebook.table import gradebook_table
from tests.batch.helpers import ASSIGNMENT, GradedClass, db_counts, export_csv, scores_by_student, submit_class

BIN = Path(sys.executable).parent
STUDENTS = ["ada", "ben", "cy", "dot", "eve", "fox"]


def _command(course: Path) -> list[str]:
    script = BIN / "dlgrade"
    head = [str(script)] if script.is_file() else [sys.executable, "-m", "grader.cli"]
    return [*head, "grade", ASSIGNMENT, "--course", str(course), "--workers", "1"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", "")])
    return env


@pytest.mark.slow
def test_killed_run_is_finished_by_the_next_run(course: Path, graded_class: GradedClass, tmp_path: Path) -> None:
    """A `dlgrade grade` killed with SIGKILL after its first results is finished by a rerun, nothing counted twice.

    The whole process group is killed once state.json has an entry. After the rerun everyone is in the gradebook
    exactly once (gradebook_table and `nbgrader export`), with the scores of an uninterrupted run.
    """
    times = submit_class(course)
    assert times == graded_class.times
    state_file = course / "dlgrade" / ASSIGNMENT / "state.json"
    log = (tmp_path / "first.log").open("w")
    proc = subprocess.Popen(_command(course), env=_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while not load_state(state_file) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        alive = proc.poll() is None
        recorded = len(load_state(state_file))
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        log.close()
    assert alive, (tmp_path / "first.log").read_text()
    assert proc.returncode == -signal.SIGKILL
    assert 1 <= recorded < len(STUDENTS)
    done_before = sorted(load_state(state_file))
    assert len(done_before) < len(STUDENTS)

    rerun = subprocess.run(_command(course), env=_env(), capture_output=True, text=True, timeout=300, check=False)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert f"skipped {len(done_before)} unchanged" in rerun.stdout

    rows = gradebook_table(course, ASSIGNMENT)
    assert [r["student"] for r in rows] == STUDENTS
    baseline_rows = gradebook_table(graded_class.course, ASSIGNMENT)
    assert scores_by_student(rows) == scores_by_student(baseline_rows)
    assert [r["timestamp"] for r in rows] == [r["timestamp"] for r in baseline_rows]
    assert db_counts(course) == db_counts(graded_class.course)
    exported = export_csv(course)
    assert sorted(r["student_id"] for r in exported) == STUDENTS
    baseline_totals = {r["student"]: r["score"] for r in baseline_rows}
    assert {r["student_id"]: float(r["score"]) for r in exported} == pytest.approx(baseline_totals)
    state = load_state(state_file)
    assert {s: e["total"] for s, e in state.items()} == baseline_totals
    out = course / "dlgrade" / ASSIGNMENT
    assert sorted(p.stem for p in (out / "results").glob("*.json")) == STUDENTS
    assert sorted(p.stem for p in (out / "feedback").glob("*.md")) == STUDENTS
    for student in STUDENTS:
        assert (course / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file(), student
