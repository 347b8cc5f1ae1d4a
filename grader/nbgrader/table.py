"""The gradebook read back: one row per submission, per-function scores and totals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbgrader.api import MissingEntry  # type: ignore[import-untyped]

from grader.catalogue import POINTS
from grader.nbgrader.autograded import as_utc
from grader.nbgrader.db import course_directory, open_gradebook


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
    rows = []
    with open_gradebook(coursedir) as gb:
        try:
            submissions = gb.find_assignment(assignment).submissions
        except MissingEntry as exc:
            raise ValueError(f"assignment {assignment!r} is not in the gradebook") from exc
        for submission in sorted(submissions, key=lambda s: str(s.student_id)):
            grades = [grade for notebook in submission.notebooks for grade in notebook.grades]
            grades.sort(key=lambda grade: (order.get(grade.cell.name, len(order)), grade.cell.name))
            penalty = float(submission.late_submission_penalty or 0.0)
            rows.append({
                "student": submission.student_id,
                "timestamp": None if submission.timestamp is None else as_utc(submission.timestamp).isoformat(),
                "functions": {g.cell.name: {"score": float(g.score), "max_score": float(g.max_score)} for g in grades},
                "raw_score": float(submission.score),
                "late_submission_penalty": penalty,
                "score": float(submission.score) - penalty,
                "max_score": float(submission.max_score),
            })
    return rows


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
