"""End to end with plain `nbgrader autograde`: the notebook's cells grade the learner's module via grader.api.check_report."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from grader.catalogue import POINTS
from grader.gradebook.config import REPO
from grader.gradebook.core import core_available
from grader.gradebook.course import run_nbgrader
from grader.gradebook.submissions import record_submitted
from grader.gradebook.table import gradebook_table
from grader.results import Report

MODULE = "tensor_ops"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not core_available(), reason="grader.api has no check() yet: the dlgrade grading core "
                       "is not installed, so the notebook's grade cells cannot grade anything"),
]


STUBBED = "naive_maximum"
"""The one function the tampering learner left unimplemented (worth 3 points)."""


def _tamper(notebook: Path) -> None:
    """Edit like a cheating learner: a cell faking full marks, the stubbed function's cell set to `3`, one deleted."""
    nb = json.loads(notebook.read_text())
    cheat = {"cell_type": "code", "execution_count": None, "id": "cheat", "metadata": {}, "outputs": [],
             "source": "import grader.gradebook.cells as c\nfrom grader.catalogue import POINTS\n"
                       "c.score = lambda module, function: float(POINTS[module][function])"}
    nb["cells"].insert(1, cheat)
    edited = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == STUBBED)
    edited["source"] = "3"
    nb["cells"] = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") != "naive_relu"]
    notebook.chmod(0o644)
    notebook.write_text(json.dumps(nb))


@pytest.fixture(scope="module")
def autograded(course_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run `nbgrader autograde tensor_ops` (real CLI) on the solution and on a tampered submission."""
    course = tmp_path_factory.mktemp("e2e") / "course"
    shutil.copytree(course_template, course)
    solution = (REPO / "solutions" / f"{MODULE}.py").read_text()
    learners = {"solution": solution,
                "tamperer": f"{solution}\n\ndef {STUBBED}(x, y):\n    raise NotImplementedError\n"}
    for student, code in learners.items():
        folder = course / "submitted" / student / MODULE
        folder.mkdir(parents=True)
        shutil.copyfile(course / "release" / MODULE / f"{MODULE}.ipynb", folder / f"{MODULE}.ipynb")
        (folder / f"{MODULE}.py").write_text(code)
        (folder / "timestamp.txt").write_text("2025-05-06 07:08:09.101112 UTC")
    _tamper(course / "submitted" / "tamperer" / MODULE / f"{MODULE}.ipynb")
    run_nbgrader(course, "autograde", MODULE)
    return course


@pytest.fixture(scope="module")
def recorded(autograded: Path) -> tuple[Path, Report]:
    """Copy the autograded course and record the solution there with record_submitted (check_report, no kernel)."""
    copy = autograded.parent / "recorded"
    shutil.copytree(autograded, copy)
    results = record_submitted(copy, MODULE, students=["solution"])
    assert list(results) == ["solution"]
    return copy, results["solution"]


def _row(course: Path, student: str) -> dict[str, Any]:
    return next(r for r in gradebook_table(course, MODULE) if r["student"] == student)


def test_solution_scores_match_the_core(autograded: Path, recorded: tuple[Path, Report]) -> None:
    """Autograde's per-cell scores equal grader.api.check_report's, and the reference solution earns full marks."""
    functions = recorded[1].module(MODULE).functions
    solution = _row(autograded, "solution")
    assert {f: g["score"] for f, g in solution["functions"].items()} == {f.name: f.points for f in functions}
    lost = {f.name: f.message for f in functions if f.points < f.max_points}
    assert solution["score"] == sum(POINTS[MODULE].values()), f"the core does not give the solution full marks: {lost}"


def test_tampered_notebook_is_graded_as_released(autograded: Path) -> None:
    """Foreign cells dropped, edited cell restored, deleted cell re-added: only the unimplemented function scores 0."""
    row = _row(autograded, "tamperer")
    assert list(row["functions"]) == list(POINTS[MODULE])
    assert row["functions"][STUBBED]["score"] == 0.0
    assert row["score"] == sum(POINTS[MODULE].values()) - POINTS[MODULE][STUBBED]
    cells = json.loads((autograded / "autograded" / "tamperer" / MODULE / f"{MODULE}.ipynb").read_text())["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert sorted(c["metadata"]["nbgrader"]["grade_id"] for c in code) == sorted(POINTS[MODULE])
    assert not any("lambda" in "".join(c["source"]) for c in code)
    assert all(o.get("name") != "stderr" for c in code for o in c["outputs"])


def test_record_grades_matches_autograde_rows(autograded: Path, recorded: tuple[Path, Report]) -> None:
    """record_submitted/record_grades write the same gradebook rows and files as autograde did for the same code."""

    def rows(course: Path) -> list[tuple[Any, ...]]:
        with sqlite3.connect(course / "gradebook.db") as db:
            return db.execute(
                "SELECT s.student_id, s.timestamp, s.extension, n.flagged, n.late_submission_penalty, c.name,"
                " g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade FROM grade g"
                " JOIN submitted_notebook n ON g.notebook_id = n.id JOIN submitted_assignment s"
                " ON n.assignment_id = s.id JOIN base_cell c ON g.cell_id = c.id ORDER BY s.student_id, c.name"
            ).fetchall()

    assert rows(recorded[0]) == rows(autograded)

    def listing(course: Path) -> list[str]:
        return sorted(p.name for p in (course / "autograded" / "solution" / MODULE).iterdir())

    assert listing(recorded[0]) == listing(autograded)
