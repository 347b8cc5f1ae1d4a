"""The ``autograded/<student>/<assignment>/`` folder ``nbgrader autograde`` would leave.

The notebook is the released one with each grade cell's outputs filled in as the cell itself
prints them in a kernel (:func:`grader.gradebook.cells.score`): the function's status, points
and message on stdout, then the score as ``execute_result``; an ``error`` output when the
result has no usable entry. What ``nbgrader generate_feedback`` should show the learner besides
(:mod:`grader.gradebook.feedback_cells`): the learning curves of a function that trained a model
as an image output of its cell, before the score, and a summary cell before the first grade
cell. Next to the notebook: the learner's files and ``timestamp.txt``.
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader import utils as nbutils  # type: ignore[import-untyped]

from grader.gradebook.entries import ResultInvalidError, ResultMissingError, feedback_text, function_entry, score_text
from grader.gradebook.feedback_cells import curves_output, summary_cell
from grader.gradebook.notebook import new_output, write_notebook
from grader.results import Report

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f UTC"


def as_utc(timestamp: datetime) -> datetime:
    """Return an aware UTC datetime (naive ones are taken as UTC, as nbgrader does)."""
    return timestamp.replace(tzinfo=UTC) if timestamp.tzinfo is None else timestamp.astimezone(UTC)


def timestamp_text(timestamp: datetime) -> str:
    """Format ``timestamp.txt`` content as nbgrader does."""
    return as_utc(timestamp).strftime(TIMESTAMP_FORMAT)


def grade_cell_outputs(module: str, function: str, report: Report, count: int) -> list[NotebookNode]:
    """Return the outputs :func:`grader.gradebook.cells.score` gives for ``module.function``."""
    try:
        entry = function_entry(report, module, function)
    except (ResultMissingError, ResultInvalidError) as exc:
        name = type(exc).__name__
        return [new_output("error", ename=name, evalue=str(exc), traceback=[f"{name}: {exc}"])]
    outputs = [new_output("stream", name="stdout", text=feedback_text(entry, report.lang) + "\n")]
    curves = curves_output(report, module, function)
    if curves is not None:
        outputs.append(curves)
    outputs.append(new_output("execute_result", data={"text/plain": score_text(entry.points)},
                              execution_count=count))
    return outputs


def graded_notebook(released: NotebookNode, module: str, report: Report) -> NotebookNode:
    """Copy the released notebook as if executed: code cells numbered, grade cells with outputs; the summary cell."""
    notebook = copy.deepcopy(released)
    count, first, functions = 0, len(notebook.cells), []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        if nbutils.is_grade(cell):
            first = min(first, index)
            functions.append(cell.metadata["nbgrader"]["grade_id"])
            cell.outputs = grade_cell_outputs(module, functions[-1], report, count)
        else:
            cell.outputs = []
    notebook.cells.insert(first, summary_cell(report, module, functions, released))
    nbformat.validate(notebook)
    return notebook


def auto_scores(notebook: NotebookNode) -> dict[str, tuple[float | None, float]]:
    """Map grade id → (auto score, max score) as nbgrader reads them (``utils.determine_grade``)."""
    scores: dict[str, tuple[float | None, float]] = {}
    for cell in notebook.cells:
        if nbutils.is_grade(cell):
            scores[cell.metadata["nbgrader"]["grade_id"]] = nbutils.determine_grade(cell)
    return scores


def stage_folder(
    parent: Path,
    *,
    notebooks: Mapping[str, NotebookNode],
    timestamp: datetime | None,
    submission: Path | None,
    ignore: list[str],
    permissions: int,
) -> Path:
    """Build the autograded folder's content in a fresh folder under ``parent``; its path."""
    parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".dlgrade-", dir=parent))
    staged.chmod(0o755)
    if submission is not None and submission.is_dir():
        for name in nbutils.find_all_files(str(submission), [*ignore, "*.ipynb", "timestamp.txt"]):
            target = staged / Path(name).relative_to(submission)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(name, target)
    for name, notebook in notebooks.items():
        write_notebook(notebook, staged / f"{name}.ipynb")
    if timestamp is not None:
        (staged / "timestamp.txt").write_text(timestamp_text(timestamp), encoding="utf-8")
    for folder, _, files in os.walk(staged):
        for name in files:
            os.chmod(os.path.join(folder, name), permissions)
    return staged


def replace_folder(staged: Path, target: Path) -> None:
    """Put ``staged`` in place of ``target`` (which may exist)."""
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
        os.replace(staged, target)
        shutil.rmtree(old)
    else:
        os.replace(staged, target)
