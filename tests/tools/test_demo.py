"""The demo class (README's `make demo`): each learner's module, and one end-to-end run through nbgrader.

The run grades tensor_ops with the expected scores for the honest and the hostile learners.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from grader.gradebook.course import run_nbgrader
from grader.gradebook.table import gradebook_table
from grader.paths import REPO as ROOT
from grader.runner.sandbox import detect_level
from grader.tools.demo import (
    ASSIGNMENTS,
    LEARNERS,
    MARKER,
    OPTIONAL,
    class_at,
    destructive,
    learner_source,
    run_demo,
    submits,
)

STUDENTS = sorted(p.name for p in LEARNERS.iterdir() if p.is_dir())
DOES_NOT_PARSE = {("ivo", "tensor_ops")}
"""The demo's deliberate syntax error."""


def _solution(module: str) -> str:
    text = (ROOT / "solutions" / f"{module}.py").read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if "SOLUTION" not in line) + "\n"


def test_the_demo_class_has_twelve_learners() -> None:
    """demo/learners/ holds the twelve learners the README promises, each with a base.txt of solution or stub."""
    assert len(STUDENTS) == 12
    for student in STUDENTS:
        assert (LEARNERS / student / "base.txt").read_text(encoding="utf-8").strip() in ("solution", "stub"), student


@pytest.mark.parametrize("module", ASSIGNMENTS)
@pytest.mark.parametrize("student", STUDENTS)
def test_learner_source_is_base_plus_override(student: str, module: str) -> None:
    """learner_source is the solution without marker lines (or the stub) plus the learner's own <module>.py.

    It parses, except the one deliberate syntax error.
    """
    source = learner_source(student, module)
    folder = LEARNERS / student
    if (folder / "base.txt").read_text(encoding="utf-8").strip() == "solution":
        base = _solution(module)
        assert "BEGIN SOLUTION" not in source
        assert "END SOLUTION" not in source
    else:
        base = (ROOT / "exercises" / f"{module}.py").read_text(encoding="utf-8")
    assert source.startswith(base)
    override = folder / f"{module}.py"
    rest = source[len(base):]
    if override.is_file():
        assert rest == "\n\n" + override.read_text(encoding="utf-8")
    else:
        assert rest == ""
    if (student, module) in DOES_NOT_PARSE:
        with pytest.raises(SyntaxError):
            compile(source, f"{module}.py", "exec")
    else:
        compile(source, f"{module}.py", "exec")


def test_optional_assignments_are_handed_in_by_a_few() -> None:
    """MNIST (optional) is handed in only by learners with their own mnist.py: the stub, the book, and three slips."""
    assert "mnist" in ASSIGNMENTS
    assert "mnist" in OPTIONAL
    assert [s for s in STUDENTS if submits(s, "mnist")] == ["ada", "ben", "dara", "gus", "lee"]
    assert all(submits(s, "tensor_ops") for s in STUDENTS)


def test_destructive_learners_are_left_out_below_namespaces() -> None:
    """Below 'namespaces' the class leaves out the learners that attack the machine, and says who and why.

    At 'namespaces' everyone is graded; the three destructive ones are the gradebook writer, the NumPy/pytest
    patcher and the fork bomb.
    """
    assert [s for s in STUDENTS if destructive(s)] == ["gus", "hana", "kim"]
    said: list[str] = []
    weak = class_at("rlimits", "user namespaces are disabled", said.append)
    assert weak == [s for s in STUDENTS if s not in ("gus", "hana", "kim")]
    assert "Left out, as they would attack this machine: gus, hana, kim" in "\n".join(said)
    assert "user namespaces are disabled" in said[0]
    assert class_at("namespaces", None, said.append) == STUDENTS


def test_learner_source_of_an_unknown_learner_fails() -> None:
    """A learner without a folder is an error, not an empty module."""
    with pytest.raises(FileNotFoundError):
        learner_source("nobody", "tensor_ops")


def test_demo_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    """run_demo never deletes a folder that lacks its marker file."""
    (tmp_path / "mine.txt").write_text("precious", encoding="utf-8")
    with pytest.raises(FileExistsError):
        run_demo(tmp_path, ("tensor_ops",), echo=lambda _: None)
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "precious"


@pytest.mark.slow
def test_demo_grades_tensor_ops_through_nbgrader(tmp_path: Path) -> None:
    """run_demo on tensor_ops prints and records the expected scores; `nbgrader export` has the same totals.

    ada 30/30; dara (stub), gus (patches NumPy), hana (writes the gradebook) and ivo (syntax error) 0;
    the printed table lists all 12 learners; the class report is written and names them all.
    """
    if detect_level() != "namespaces":
        pytest.skip("the demo grades its destructive learners only at 'namespaces' (see the test above)")
    course = tmp_path / "demo-class"
    printed: list[str] = []
    run_demo(course, ("tensor_ops",), echo=printed.append)
    assert (course / MARKER).is_file()
    rows = {row["student"]: row for row in gradebook_table(course, "tensor_ops")}
    assert sorted(rows) == STUDENTS
    assert rows["ada"]["score"] == rows["ada"]["max_score"] == 30
    for student in ("dara", "gus", "hana", "ivo"):
        assert rows[student]["score"] == 0, student
    for student in ("ben", "chen", "eli", "fay", "kim", "lee"):
        assert 0 < rows[student]["score"] < 30, student
    text = "\n".join(printed)
    table = text.split("nbgrader gradebook — tensor_ops")[1]
    assert "(isolation: " in table
    report = course / "dlgrade" / "tensor_ops" / "report.html"  # the class report, named where it was written
    assert f"class report (opens from disk): {report}" in text
    assert all(f">{student}<" in report.read_text(encoding="utf-8") for student in STUDENTS)
    lines = table.splitlines()
    for student in STUDENTS:
        line = next((line for line in lines if line.split()[:1] == [student]), None)
        assert line is not None, student
        assert line.split()[-1] == f"{rows[student]['score']:g}/30"
    run_nbgrader(course, "export", "--to=grades.csv")
    with (course / "grades.csv").open(newline="", encoding="utf-8") as handle:
        exported = {r["student_id"]: float(r["score"]) for r in csv.DictReader(handle) if r["assignment"] == "tensor_ops"}
    assert exported == pytest.approx({s: row["score"] for s, row in rows.items()})
    assert exported["ada"] == 30


def _results(course: Path, assignment: str) -> dict[tuple[str, str], dict[str, str]]:
    """The per-function results.csv of a graded assignment, by (student, function)."""
    found = list(course.rglob("results.csv"))
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for path in found:
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["assignment"] == assignment:
                    rows[(row["student"], row["function"])] = row
    return rows


@pytest.mark.slow
def test_demo_grades_mnist_through_nbgrader(tmp_path: Path) -> None:
    """The demo's MNIST assignment, graded on the real digits: each learner loses exactly what their code deserves.

    ada (the book) 12/12; dara (stub) 0; lee (unscaled pixels) loses only preprocess points; ben (one epoch,
    ~96 %) loses the training check; gus (never trains, forges a History and prints fake results) keeps
    the pipeline points but gets 0 for train.
    """
    course = tmp_path / "demo-class"
    printed: list[str] = []
    run_demo(course, ("mnist",), echo=printed.append)
    rows = {row["student"]: row for row in gradebook_table(course, "mnist")}
    assert sorted(rows) == ["ada", "ben", "dara", "gus", "lee"]
    full = {"preprocess": 2.0, "build_model": 3.0, "compile_model": 2.0, "train": 5.0}
    assert {f: v["score"] for f, v in rows["ada"]["functions"].items()} == full
    assert rows["dara"]["score"] == 0
    lee = {f: v["score"] for f, v in rows["lee"]["functions"].items()}
    assert 0 < lee["preprocess"] < 2
    assert {f: lee[f] for f in ("build_model", "compile_model", "train")} == {"build_model": 3, "compile_model": 2, "train": 5}
    for cheat in ("ben", "gus"):
        scores = {f: v["score"] for f, v in rows[cheat]["functions"].items()}
        assert scores == {**full, "train": 0.0}, cheat
    results = _results(course, "mnist")
    assert "accuracy" in results[("gus", "train")]["message"].lower()
    assert "mnist: 5 of 12 learners submitted" in printed
    curves = [p.name for p in course.rglob("*.svg")]
    assert any("ada" in name and "train" in name for name in curves), curves
