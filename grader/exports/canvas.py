"""A Canvas gradebook CSV: what Canvas's Grades → Import accepts.

Columns as Canvas's own gradebook export has them: ``Student``, ``ID``, ``SIS User ID``,
``SIS Login ID``, ``Section``, then the assignment, titled ``<name> (<Canvas assignment id>)``
(a title without an id makes Canvas create a new assignment). The second row gives the
assignment's ``Points Possible``. The nbgrader student id goes into the identity column the
instructor names (Canvas matches learners on it); the other identity columns stay empty.
Every text cell is guarded against formula injection: one starting with ``= + - @`` (or a tab
or carriage return) is prefixed with a quote, so a spreadsheet shows it rather than runs it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Final, Literal

IdColumn = Literal["ID", "SIS User ID", "SIS Login ID"]
IDENTITY: Final = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
ID_COLUMNS: Final = ("ID", "SIS User ID", "SIS Login ID")
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
POINTS_POSSIBLE: Final = "    Points Possible"
"""The first cell of the row Canvas's export puts under the header (leading spaces included)."""


def safe_cell(value: str) -> str:
    """A text cell a spreadsheet will not evaluate: a formula-like start gets a leading quote."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def assignment_column(name: str, canvas_id: str | None = None) -> str:
    """The assignment's column title: ``name (id)`` for an existing Canvas assignment, else ``name``."""
    return f"{name} ({canvas_id})" if canvas_id else name


def canvas_csv(grades: Sequence[tuple[str, float]], assignment: str, max_points: float, *,
               id_column: IdColumn = "SIS Login ID", canvas_id: str | None = None, section: str = "") -> str:
    """The CSV text: a header, the points-possible row, one row per (student id, score).

    Raises:
        ValueError: for an identity column Canvas does not match learners on.
    """
    if id_column not in ID_COLUMNS:
        raise ValueError(f"unknown Canvas identity column {id_column!r}: use one of {', '.join(ID_COLUMNS)}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*IDENTITY, safe_cell(assignment_column(assignment, canvas_id))])
    writer.writerow([POINTS_POSSIBLE, "", "", "", "", f"{max_points:g}"])
    for student, score in grades:
        row = {column: "" for column in IDENTITY}
        row["Student"] = row[id_column] = student
        row["Section"] = section
        writer.writerow([*(safe_cell(row[column]) for column in IDENTITY), f"{score:g}"])
    return buffer.getvalue()
