"""Building blocks of the batch tests: learner modules, submissions, a graded class, gradebook reads.

Learner modules are made like the demo's (:func:`grader.tools.demo.learner_source`): the reference
solution (marker lines dropped) or the learner stub, with small overrides appended that
redefine a few functions.
"""

from __future__ import annotations

import ast
import csv
import json
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from grader.batch.context import BatchContext
from grader.catalogue import POINTS
from grader.gradebook.course import run_nbgrader

REPO = Path(__file__).resolve().parents[2]
ASSIGNMENT = "tensor_ops"
MAX_TOTAL = float(sum(POINTS[ASSIGNMENT].values()))
STAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f UTC"
"""How ``nbgrader collect`` writes ``timestamp.txt``."""
FIRST_STAMP = datetime(2025, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)


def solution_source() -> str:
    """The reference solution of tensor_ops, without its ``# BEGIN/END SOLUTION`` marker lines."""
    text = (REPO / "solutions" / f"{ASSIGNMENT}.py").read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if "SOLUTION" not in line) + "\n"


def stub_source() -> str:
    """The learner's stub of tensor_ops (every function raises NotImplementedError)."""
    return (REPO / "exercises" / f"{ASSIGNMENT}.py").read_text(encoding="utf-8")


def solution_function(name: str) -> str:
    """The reference solution's source of one function (to give a stub an honest part)."""
    source = solution_source()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            segment = ast.get_source_segment(source, node)
            assert segment is not None
            return segment + "\n"
    raise KeyError(name)


def learner(base: str, *overrides: str) -> str:
    """A learner module: ``base`` ("solution" or "stub") with ``overrides`` appended."""
    source = solution_source() if base == "solution" else stub_source()
    return source + "".join(f"\n\n# --- override ---\n{text.strip()}\n" for text in overrides)


BEN = '''
def naive_matrix_dot(x, y):
    if x.ndim != 2 or y.ndim != 2 or x.shape[1] != y.shape[0]:
        raise ValueError(f"incompatible shapes {x.shape} and {y.shape}")
    z = np.zeros((x.shape[0], y.shape[1]), dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            for k in range(x.shape[1] - 1):  # off by one: forgets the last term
                z[i, j] += x[i, k] * y[k, j]
    return z
'''
EVE = '''
def naive_relu(x):
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got shape {x.shape}")
    return np.maximum(x, 0)  # whole-array NumPy: an integrity violation
'''
FOX = '''
def naive_transpose(x):
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got shape {x.shape}")
    return x.copy()  # forgets to transpose
'''


def class_sources() -> dict[str, str]:
    """The small class of the batch tests: full marks, partial marks, nothing, half done."""
    return {
        "ada": learner("solution"),
        "ben": learner("solution", BEN),
        "cy": learner("stub"),
        "dot": learner("stub", solution_function("naive_relu"), solution_function("naive_add")),
        "eve": learner("solution", EVE),
        "fox": learner("solution", FOX),
    }


def stamp_of(index: int) -> datetime:
    """A distinct submission time per learner (UTC, with microseconds)."""
    return FIRST_STAMP + timedelta(hours=index, microseconds=index)


def submit(course: Path, student: str, source: str, when: datetime = FIRST_STAMP) -> Path:
    """Put a submission where ``nbgrader collect`` would: release notebook, learner file, timestamp."""
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", folder / f"{ASSIGNMENT}.ipynb")
    (folder / f"{ASSIGNMENT}.py").write_text(source, encoding="utf-8")
    (folder / "timestamp.txt").write_text(when.strftime(STAMP_FORMAT), encoding="utf-8")
    return folder


def submit_class(course: Path) -> dict[str, datetime]:
    """Submit the whole class into ``course``; student → submission time."""
    times = {}
    for index, (student, source) in enumerate(class_sources().items()):
        times[student] = stamp_of(index)
        submit(course, student, source, times[student])
    return times


def clone(course: Path, target: Path) -> Path:
    """A copy of a course (its nbgrader config is relative to its folder)."""
    shutil.copytree(course, target, symlinks=True)
    return target


@dataclass(frozen=True)
class GradedClass:
    """A course whose class was graded once, uninterrupted (read it, never change it)."""

    course: Path
    ctx: BatchContext
    times: dict[str, datetime]
    progress: tuple[tuple[int, int], ...]


def export_csv(course: Path) -> list[dict[str, str]]:
    """``nbgrader export`` (the real CLI) in the course; its rows for tensor_ops."""
    run_nbgrader(course, "export", "--to=grades.csv")
    with (course / "grades.csv").open(newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["assignment"] == ASSIGNMENT]


def db_rows(course: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows of a read-only query on the course's gradebook.db."""
    uri = f"file:{course / 'gradebook.db'}?mode=ro"
    db = sqlite3.connect(uri, uri=True)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def db_counts(course: Path) -> dict[str, int]:
    """How many rows nbgrader's main tables hold."""
    tables = ("student", "submitted_assignment", "submitted_notebook", "grade", "comment")
    return {t: db_rows(course, f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables}  # noqa: S608 - fixed table names


def student_rows(course: Path, student: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every gradebook row that belongs to one student (student, submission, notebooks, grades, comments)."""
    sub = "SELECT id FROM submitted_assignment WHERE student_id = ?"
    nbs = f"SELECT id FROM submitted_notebook WHERE assignment_id IN ({sub})"  # noqa: S608 - fixed SQL
    return {
        "student": db_rows(course, "SELECT * FROM student WHERE id = ?", student),
        "submission": db_rows(course, "SELECT * FROM submitted_assignment WHERE student_id = ?", student),
        "notebooks": db_rows(course, f"SELECT * FROM submitted_notebook WHERE id IN ({nbs}) ORDER BY id", student),  # noqa: S608
        "grades": db_rows(course, f"SELECT * FROM grade WHERE notebook_id IN ({nbs}) ORDER BY id", student),  # noqa: S608
        "comments": db_rows(course, f"SELECT * FROM comment WHERE notebook_id IN ({nbs}) ORDER BY id", student),  # noqa: S608
    }


def results_json(course: Path, student: str) -> dict[str, Any]:
    """The per-student results file dlgrade wrote."""
    path = course / "dlgrade" / ASSIGNMENT / "results" / f"{student}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def scores_by_student(rows: list[dict[str, Any]]) -> dict[str, tuple[float, dict[str, float]]]:
    """gradebook_table rows → student → (total, function → score)."""
    return {r["student"]: (r["score"], {f: g["score"] for f, g in r["functions"].items()}) for r in rows}
