"""The autograded notebook's extras for the learner: learning curves as PNG, the summary cell, all escaped."""

from __future__ import annotations

import base64
import dataclasses
import html
import re
import struct
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from nbconvert.filters.markdown import markdown2html
from nbgrader import utils as nbutils

from grader.catalogue import POINTS
from grader.gradebook.autograded import auto_scores, graded_notebook
from grader.gradebook.feedback_cells import SUMMARY_ID, markdown_text, summary_cell, summary_source
from grader.gradebook.notebook import module_notebook, read_notebook
from grader.results import FunctionResult, ModuleResult, Report

ResultFactory = Callable[..., Report]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
HISTORY = {"loss": (0.30, 0.12, 0.08, 0.06, 0.04), "accuracy": (0.91, 0.96, 0.97, 0.98, 0.99)}
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> *bold* | [link](javascript:x) `code`"


def _with_history(report: Report, module: str, function: str) -> Report:
    """``report`` with a training history on ``module.function``."""
    changed = []
    for m in report.modules:
        functions = tuple(dataclasses.replace(f, history=HISTORY) if f.name == function else f for f in m.functions)
        changed.append(dataclasses.replace(m, functions=functions))
    return dataclasses.replace(report, modules=tuple(changed), isolation="namespaces")


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert png.startswith(PNG_MAGIC)
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _rows(page: str) -> list[tuple[str, str, str]]:
    """The summary table's body rows: (function, points, status)."""
    found: list[tuple[str, str, str]] = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", page)
    return found


def _cells(notebook: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    return {c.metadata["nbgrader"]["grade_id"]: c for c in notebook.cells if nbutils.is_grade(c)}


def test_the_training_function_shows_its_curves_as_png(course_template: Path, make_result: ResultFactory) -> None:
    """Train's cell: message, the curves as an image/png display output, then the score nbgrader reads."""
    released = read_notebook(course_template / "release" / "mnist" / "mnist.ipynb")
    report = _with_history(make_result("mnist", {"train": 0.0}), "mnist", "train")
    graded = graded_notebook(released, "mnist", report)
    outputs = _cells(graded)["train"].outputs
    assert [o.output_type for o in outputs] == ["stream", "display_data", "execute_result"]
    assert outputs[0].text.startswith("train: not implemented, 0 of 5 points\n")
    assert _png_size(base64.b64decode(outputs[1].data["image/png"])) == (640, 256)
    assert outputs[1].metadata["image/png"]["alt"] == outputs[1].data["text/plain"]
    assert auto_scores(graded)["train"] == (0.0, 5.0)
    others = [o for name, c in _cells(graded).items() if name != "train" for o in c.outputs]
    assert all(o.output_type != "display_data" for o in others)


def test_summary_cell_leaves_nbgrader_cells_as_released(course_template: Path, make_result: ResultFactory) -> None:
    """One Markdown cell without nbgrader metadata before the first grade cell; grade cells keep their checksums."""
    released = read_notebook(course_template / "release" / "tensor_ops" / "tensor_ops.ipynb")
    graded = graded_notebook(released, "tensor_ops", make_result("tensor_ops", {"naive_relu": 0.5}))
    nbformat.validate(graded)
    assert [c.get("id") for c in graded.cells].count(SUMMARY_ID) == 1
    summary = graded.cells[1]
    assert summary.get("id") == SUMMARY_ID and summary.cell_type == "markdown" and summary.metadata == {}
    assert [c.source for c in graded.cells if c is not summary] == [c.source for c in released.cells]
    for cell in _cells(graded).values():
        assert cell.metadata["nbgrader"]["checksum"] == nbutils.compute_checksum(cell)
    assert auto_scores(graded)["naive_relu"] == (1.0, 2.0)


def test_summary_lists_every_function_total_and_isolation(make_result: ResultFactory) -> None:
    """A row per grade cell with its points and status, the total, the isolation level; in English or Chinese."""
    report = dataclasses.replace(make_result("tensor_ops", {"naive_relu": 0.5, "dense_forward": 0.0}),
                                 isolation="namespaces")
    source = summary_source(report, "tensor_ops", list(POINTS["tensor_ops"]))
    page = markdown2html(source)
    rows = _rows(page)
    assert [name for name, _, _ in rows] == list(POINTS["tensor_ops"])
    assert ("naive_relu", "1 / 2", "failed") in rows
    assert ("dense_forward", "0 / 3", "not implemented yet") in rows
    assert ("naive_add", "2 / 2", "passed") in rows
    assert "Total: 26 / 30 points (before any late-submission penalty)" in page
    assert "isolation level: namespaces" in page
    chinese = html.unescape(markdown2html(summary_source(dataclasses.replace(report, lang="zh"), "tensor_ops",
                                                          ["naive_relu"])))  # the heading's CJK comes as entities
    assert "你的成绩" in chinese and _rows(chinese) == [("naive_relu", "1 / 2", "未通过")] and "总分：1 / 2" in chinese


def test_summary_scores_a_missing_entry_zero() -> None:
    """A function without a usable result (its cell errors: nbgrader scores 0) is an error row outside the total."""
    report = Report((ModuleResult("m", (FunctionResult("f", 1.0, 2.0, "failed", "why"),)),))
    page = markdown2html(summary_source(report, "m", ["f", "g"]))
    assert _rows(page) == [("f", "1 / 2", "failed"), ("g", "0 / ?", "error")]
    assert "Total: 1 / 2 points" in page


@pytest.mark.parametrize(("level", "expected"), [
    ("namespaces", "isolated sandbox (isolation level: namespaces)"),
    ("uid", "weaker isolation than usual (level: uid): learner code ran as nobody"),
    ("", "was not recorded"),
    ("<b>forged</b>", "was not recorded"),
])
def test_isolation_note(level: str, expected: str) -> None:
    """The note names the level, says what did not hold below namespaces, and never echoes an unknown level."""
    report = Report((ModuleResult("m", (FunctionResult("f", 1.0, 1.0, "passed", "ok"),)),), isolation=level)
    page = markdown2html(summary_source(report, "m", ["f"]))
    assert expected in page
    assert "forged" not in page


def test_summary_text_cannot_inject_markup() -> None:
    """Whatever reaches the summary is text in nbconvert's HTML: no element, link or emphasis of its own."""
    page = markdown2html(markdown_text(HOSTILE))
    for markup in ("<script", "<img", "<em>", "<strong>", "<a ", "<code>", "<table"):
        assert markup not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    report = Report((ModuleResult("m", (FunctionResult(HOSTILE, 0.0, 1.0, "failed", HOSTILE),)),))
    rows = markdown2html(summary_source(report, HOSTILE, [HOSTILE]))
    assert "<script" not in rows and "<img" not in rows and "&lt;script&gt;" in rows
    assert len(_rows(rows)) == 1


def test_summary_cell_gets_a_free_id() -> None:
    """A notebook that already has a cell with the summary's id gets another one (nbformat rejects duplicates)."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("intro", id=SUMMARY_ID)])
    report = Report((ModuleResult("m", ()),))
    cell = summary_cell(report, "m", [], notebook)
    assert cell["id"] == f"{SUMMARY_ID}-2"


def test_curves_that_cannot_be_drawn_leave_the_grade(make_result: ResultFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the plot library refuse a history, the cell keeps its message and score, without a picture."""
    import grader.feedback.plots

    def refuse(*args: object) -> bytes:
        raise ValueError("Axis limits cannot be NaN or Inf")

    monkeypatch.setattr(grader.feedback.plots, "learning_curves_png", refuse)
    report = _with_history(make_result("mnist"), "mnist", "train")
    outputs = _cells(graded_notebook(module_notebook("mnist"), "mnist", report))["train"].outputs
    assert [o.output_type for o in outputs] == ["stream", "execute_result"]
    assert auto_scores(graded_notebook(module_notebook("mnist"), "mnist", report))["train"] == (5.0, 5.0)
