"""Grade cell outputs always parse, through nbgrader's own determine_grade, to the right score or to 0."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from nbgrader.utils import determine_grade

from grader.gradebook.autograded import grade_cell_outputs
from grader.gradebook.entries import (
    ResultInvalidError,
    ResultMissingError,
    feedback_text,
    function_entry,
    score_text,
)
from grader.gradebook.notebook import grade_cell_metadata, grade_cell_source
from grader.gradebook.sanitize import is_known_cell
from grader.results import FunctionResult, ModuleResult, Report


def _result(**entry: Any) -> Report:
    """A report of one function ``m.f``; ``entry`` may hold what no typed caller should put there (NaN, a str)."""
    base = {"points": 1.0, "max_points": 3.0, "status": "failed", "message": "why"}
    return Report((ModuleResult("m", (FunctionResult("f", **(base | entry)),)),))


def _nbgrader_score(result: Report) -> float | None:
    """Score one grade cell (worth 3) with these outputs the way nbgrader autograde does."""
    from nbformat.v4 import new_code_cell

    cell = new_code_cell(grade_cell_source("m", "f"), outputs=grade_cell_outputs("m", "f", result, 1))
    cell.metadata["nbgrader"] = grade_cell_metadata("f", 3)
    score, maximum = determine_grade(cell)
    assert maximum == 3.0
    return score


@pytest.mark.parametrize(
    "points", [0, 0.0, 1.5, 2.88, 3, 3.0, 2 / 3 * 3, 1 / 3, 1e-12, np.float64(1.25), np.float32(0.5)]
)
def test_valid_points_parse_back_exactly(points: float) -> None:
    """Whatever number type the core returns, nbgrader reads back exactly that score (a plain float repr)."""
    assert _nbgrader_score(_result(points=points)) == float(points)
    assert float(score_text(points)) == float(points)
    assert score_text(np.float64(1.5)) == "1.5"


def test_rounding_noise_above_max_is_clamped() -> None:
    """Points a hair above max_points (float noise) become max_points instead of aborting nbgrader."""
    assert _nbgrader_score(_result(points=3.0000000000000004)) == 3.0


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ({"points": math.nan}, ResultInvalidError),
        ({"points": math.inf}, ResultInvalidError),
        ({"points": -1.0}, ResultInvalidError),
        ({"points": 3.5}, ResultInvalidError),
        ({"points": True}, ResultInvalidError),
        ({"points": "2"}, ResultInvalidError),
        ({"max_points": None}, ResultInvalidError),
        ({"status": "great"}, ResultInvalidError),
        ({"message": 7}, ResultInvalidError),
    ],
)
def test_malformed_entries_score_zero_not_full_marks(entry: dict[str, Any], error: type[Exception]) -> None:
    """Unparseable, negative, NaN or too-large points raise, so the cell errors and nbgrader gives 0."""
    with pytest.raises(error):
        function_entry(_result(**entry), "m", "f")
    assert _nbgrader_score(_result(**entry)) == 0


@pytest.mark.parametrize(
    "result",
    [Report(()), Report((ModuleResult("other", ()),)), Report((ModuleResult("m", ()),)),
     Report((ModuleResult("m", (FunctionResult("g", 1.0, 3.0, "passed", ""),)),))],
    ids=["no-module", "other-module", "no-function", "other-function"],
)
def test_missing_entries_score_zero_with_readable_message(result: Report) -> None:
    """A result without the module or the function raises a message naming it; nbgrader gives 0."""
    with pytest.raises(ResultMissingError, match="dlgrade returned no result for"):
        function_entry(result, "m", "f")
    assert _nbgrader_score(result) == 0


def test_feedback_text_says_status_points_and_message() -> None:
    """Every grade cell prints function, status, points and the message (stdout only), full marks too; en or zh."""
    full = function_entry(_result(points=3.0, status="passed", message="all checks passed"), "m", "f")
    assert feedback_text(full) == "f: passed, 3 of 3 points\nall checks passed"
    assert feedback_text(full, "zh") == "f：通过，3 / 3 分\nall checks passed"
    outputs = grade_cell_outputs("m", "f", _result(points=3.0), 1)
    assert [(o["output_type"], o.get("name")) for o in outputs] == [("stream", "stdout"), ("execute_result", None)]
    lost = function_entry(_result(points=0.0, status="not_implemented", message="stub"), "m", "f")
    assert feedback_text(lost) == "f: not implemented, 0 of 3 points\nstub"
    assert feedback_text(lost, "xx") == feedback_text(lost)
    outputs = grade_cell_outputs("m", "f", _result(points=0.0, message="stub"), 1)
    assert [(o["output_type"], o.get("name")) for o in outputs] == [("stream", "stdout"), ("execute_result", None)]
    assert outputs[0]["text"] == "f: failed, 0 of 3 points\nstub\n"


def test_sanitizer_keeps_only_grade_code_cells() -> None:
    """The autograde sanitizer keeps markdown and cells with a grade id, and drops any other code cell."""
    from nbformat.v4 import new_code_cell, new_markdown_cell

    graded = new_code_cell("score('m', 'f')")
    graded.metadata["nbgrader"] = grade_cell_metadata("f", 1)
    stripped = new_code_cell("import grader.gradebook.cells as c; c.score = lambda *a: 3")
    stripped.metadata["nbgrader"] = {}
    assert is_known_cell(graded)
    assert is_known_cell(new_markdown_cell("notes"))
    assert not is_known_cell(stripped)
    assert not is_known_cell(new_code_cell("print('hi')"))


def test_outputs_and_files_are_what_nbformat_makes(tmp_path: Path) -> None:
    """new_output gives v4.new_output's outputs, write_notebook nbformat.write's bytes (without validating twice)."""
    import nbformat
    from nbformat import v4

    from grader.gradebook.notebook import module_notebook, new_output, write_notebook

    kinds = [("stream", {"text": "lost 1 point\n"}),
             ("execute_result", {"data": {"text/plain": "1.5"}, "execution_count": 3}),
             ("error", {"ename": "ResultMissingError", "evalue": "x", "traceback": ["ResultMissingError: x"]})]
    ours = [new_output(kind, **fields) for kind, fields in kinds]
    assert ours == [v4.new_output(kind, **fields) for kind, fields in kinds]
    notebook = module_notebook("tensor_ops")
    notebook.cells[1].outputs = ours
    nbformat.validate(notebook)
    write_notebook(notebook, tmp_path / "ours.ipynb")
    nbformat.write(notebook, tmp_path / "nbformat.ipynb")
    assert (tmp_path / "ours.ipynb").read_bytes() == (tmp_path / "nbformat.ipynb").read_bytes()
