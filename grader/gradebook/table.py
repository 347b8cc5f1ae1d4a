"""The gradebook read back: one row per submission, per-function scores and totals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbgrader.api import (  # type: ignore[import-untyped]
    Assignment,
    BaseCell,
    Grade,
    MissingEntry,
    SubmittedAssignment,
    SubmittedNotebook,
)

from grader.catalogue import POINTS
from grader.gradebook.autograded import as_utc
from grader.gradebook.db import course_directory, open_gradebook


def gradebook_table(course_dir: Path, assignment: str) -> list[dict[str, Any]]:
    """Read every submission of an assignment back from the gradebook, by student id.

    Each row: ``student``, ``timestamp`` (ISO, UTC, or None), ``functions`` (grade id →
    ``{"score", "max_score"}``, in catalogue order), ``raw_score``,
    ``late_submission_penalty``, ``score`` (as ``nbgrader export`` reports it) and
    ``max_score``.

    Raises:
        ValueError: if the gradebook or the assignment does not exist.

    """
    coursedir, _ = course_directory(course_dir)
    order = {name: index for index, name in enumerate(POINTS.get(assignment, {}))}
    with open_gradebook(coursedir) as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry as exc:
            raise ValueError(f"assignment {assignment!r} is not in the gradebook") from exc
        # two queries, nbgrader's own column expressions (score, max_score, penalty) computed by SQLite: reading
        # them object by object took several queries per submission, after every batch
        mine = Assignment.name == assignment
        submissions = (gb.db.query(SubmittedAssignment.id, SubmittedAssignment.student_id, SubmittedAssignment.timestamp,
                                   SubmittedAssignment.score, SubmittedAssignment.max_score,
                                   SubmittedAssignment.late_submission_penalty)
                       .join(Assignment, Assignment.id == SubmittedAssignment.assignment_id).filter(mine).all())
        grades: dict[int, list[tuple[str, float, float]]] = {}
        for submission_id, cell, score, max_score in (
                gb.db.query(SubmittedNotebook.assignment_id, BaseCell.name, Grade.score, Grade.max_score)
                .join(SubmittedNotebook, SubmittedNotebook.id == Grade.notebook_id)
                .join(BaseCell, BaseCell.id == Grade.cell_id)
                .join(SubmittedAssignment, SubmittedAssignment.id == SubmittedNotebook.assignment_id)
                .join(Assignment, Assignment.id == SubmittedAssignment.assignment_id).filter(mine)):
            grades.setdefault(submission_id, []).append((cell, float(score), float(max_score)))
    rows = []
    for submission_id, student, timestamp, *sums in sorted(submissions, key=lambda s: str(s[1])):
        score, max_score, penalty = (_total(value) for value in sums)
        cells = sorted(grades.get(submission_id, []), key=lambda grade: (order.get(grade[0], len(order)), grade[0]))
        rows.append({
            "student": student,
            "timestamp": None if timestamp is None else as_utc(timestamp).isoformat(),
            "functions": {cell: {"score": got, "max_score": most} for cell, got, most in cells},
            "raw_score": score,
            "late_submission_penalty": penalty,
            "score": _total(score - penalty),
            "max_score": max_score,
        })
    return rows


def _total(value: float | None) -> float:
    """A sum SQLite computed, without the float noise of its order (27.689999999999998 → 27.69; points have 2 decimals)."""
    return round(float(value or 0.0), 9)


def format_table(rows: list[dict[str, Any]]) -> str:
    """Format :func:`gradebook_table` rows as plain text: a column per function, then the total."""
    functions: list[str] = []
    for row in rows:
        functions += [name for name in row["functions"] if name not in functions]
    header = ["student", *functions, "total"]
    body = [[str(row["student"]),
             *(_cell(row["functions"].get(name)) for name in functions),
             f"{row['score']:g}/{row['max_score']:g}"] for row in rows]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(text.ljust(width) for text, width in zip(line, widths, strict=True)).rstrip()
             for line in [header, *body]]
    return "\n".join([lines[0], "  ".join("-" * width for width in widths), *lines[1:]])


def _cell(grade: dict[str, float] | None) -> str:
    return "-" if grade is None else f"{grade['score']:g}/{grade['max_score']:g}"
