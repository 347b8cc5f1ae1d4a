"""Per-cell CSV export for the real CLI (nbgrader's own CSV has only assignment totals).

    nbgrader export --exporter=grader.gradebook.export.CellCsvExportPlugin --to=cells.csv

One row per submitted grade cell: assignment, student, notebook, cell (the function),
auto_score, manual_score, score, max_score, needs_manual_grade. ``--assignment`` and
``--student`` filter as for the default exporter; students without a submission have no rows.
"""

from __future__ import annotations

import csv
from typing import Any, Final

from nbgrader.plugins import ExportPlugin  # type: ignore[import-untyped]

COLUMNS: Final = ("assignment", "student_id", "notebook", "cell", "auto_score", "manual_score", "score",
                  "max_score", "needs_manual_grade")


def cell_rows(gradebook: Any, assignments: list[str], students: list[str]) -> list[dict[str, Any]]:
    """Return one dict per grade of every (selected) submission, ordered by assignment and student."""
    rows = []
    for assignment in gradebook.assignments:
        if assignments and assignment.name not in assignments:
            continue
        for submission in sorted(assignment.submissions, key=lambda s: str(s.student_id)):
            if students and submission.student_id not in students:
                continue
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    rows.append({
                        "assignment": assignment.name,
                        "student_id": submission.student_id,
                        "notebook": notebook.name,
                        "cell": grade.cell.name,
                        "auto_score": grade.auto_score,
                        "manual_score": grade.manual_score,
                        "score": grade.score,
                        "max_score": grade.max_score,
                        "needs_manual_grade": grade.needs_manual_grade,
                    })
    return rows


class CellCsvExportPlugin(ExportPlugin):  # type: ignore[misc]
    """Export every grade cell's score to CSV (default file: ``grades_by_cell.csv``)."""

    def export(self, gradebook: Any) -> None:
        """Write the CSV for the selected assignments and students."""
        dest = self.to or "grades_by_cell.csv"
        self.log.info("Exporting per-cell grades to %s", dest)
        rows = cell_rows(gradebook, [str(a) for a in self.assignment], [str(s) for s in self.student])
        with open(dest, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
