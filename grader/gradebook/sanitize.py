"""Autograde sanitizer: only the assignment's own grade cells may run in the kernel.

A dlgrade notebook has no solution cells, so any other code cell in a submission was added
by the learner, and would run before the grade cells in the same kernel (it could, say,
replace :func:`grader.gradebook.cells.score`). Configured in ``nbgrader_config.py`` right after
nbgrader's ``OverwriteCells`` (which restores the locked sources and strips unknown grade ids)
and ``DeduplicateIds``; ``OverwriteCells.add_missing_cells`` re-adds deleted grade cells.
"""

from __future__ import annotations

from typing import Any

from nbconvert.exporters.exporter import ResourcesDict
from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor  # type: ignore[import-untyped]


def is_known_cell(cell: NotebookNode) -> bool:
    """Whether a cell may stay: not code, or code that still carries an nbgrader grade id."""
    if cell.get("cell_type") != "code":
        return True
    nbgrader: Any = cell.get("metadata", {}).get("nbgrader", {})
    return isinstance(nbgrader, dict) and bool(nbgrader.get("grade_id"))


class DropUngradedCode(NbGraderPreprocessor):  # type: ignore[misc]
    """Remove every code cell that is not one of the assignment's nbgrader cells."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        """Drop foreign code cells and log how many."""
        kept = [cell for cell in nb.cells if is_known_cell(cell)]
        if len(kept) != len(nb.cells):
            self.log.warning("Dropped %d code cell(s) that are not dlgrade grade cells", len(nb.cells) - len(kept))
        nb.cells = kept
        return nb, resources
