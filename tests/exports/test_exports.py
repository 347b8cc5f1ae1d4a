"""Gradescope results.json and the Canvas grades CSV: exact formats, formula injection, the command."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from grader.cli import main
from grader.exports.canvas import canvas_csv, safe_cell
from grader.exports.gradescope import gradescope_results
from tests.report.helpers import report_of, write_class

LOST = {"naive_relu": (0.5, "failed", "result: shape (3, 2), expected (2, 3)"),
        "dense_forward": (0.0, "not_implemented", "not implemented yet")}


def test_gradescope_results_have_one_test_per_function_in_gradescope_format() -> None:
    """The exact results.json: total score, whole execution seconds, a summary, and name/score/max_score/output."""
    content = gradescope_results(report_of("tensor_ops", LOST, seconds=2.2), visibility="after_published")
    assert set(content) == {"score", "execution_time", "output", "visibility", "tests"}
    assert (content["score"], content["execution_time"], content["output"]) == (25.5, 3, "Score: 25.5 / 30")
    assert content["tests"][0] == {"name": "tensor_ops.naive_relu", "score": 0.5, "max_score": 2.0, "status": "failed",
                                   "output": "result: shape (3, 2), expected (2, 3)", "visibility": "after_published"}
    assert content["tests"][1] == {"name": "tensor_ops.naive_add", "score": 2.0, "max_score": 2.0, "status": "passed",
                                   "output": "all checks passed", "visibility": "after_published"}
    assert len(content["tests"]) == 12 and sum(t["score"] for t in content["tests"]) == content["score"]
    assert gradescope_results(report_of("tensor_ops"), lang="zh")["output"] == "得分：30 / 30"
    with pytest.raises(ValueError, match="visibility"):
        gradescope_results(report_of("tensor_ops"), visibility="public")  # type: ignore[arg-type]


def test_canvas_csv_has_canvas_columns_points_possible_and_one_row_per_learner() -> None:
    """Header as Canvas's export, the Points Possible row, the id in the chosen column, CRLF line ends."""
    text = canvas_csv([("ada", 30.0), ("ben", 27.5)], "tensor_ops", 30.0, canvas_id="4711", section="A")
    assert text == ("Student,ID,SIS User ID,SIS Login ID,Section,tensor_ops (4711)\r\n"
                    "    Points Possible,,,,,30\r\n"
                    "ada,,,ada,A,30\r\n"
                    "ben,,,ben,A,27.5\r\n")
    rows = list(csv.reader(io.StringIO(canvas_csv([("ada", 1.0)], "mnist", 12.0, id_column="SIS User ID"))))
    assert rows == [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "mnist"],
                    ["    Points Possible", "", "", "", "", "12"], ["ada", "", "ada", "", "", "1"]]
    with pytest.raises(ValueError, match="identity column"):
        canvas_csv([], "mnist", 12.0, id_column="Email")  # type: ignore[arg-type]


def test_canvas_cells_that_look_like_formulas_are_defused() -> None:
    """A cell starting with = + - @ (or tab, CR) gets a leading quote; commas and quotes are CSV-quoted."""
    assert [safe_cell(v) for v in ("=1+1", "+x", "-2", "@SUM(A1)", "\tx", "ok", "a=b")] == \
        ["'=1+1", "'+x", "'-2", "'@SUM(A1)", "'\tx", "ok", "a=b"]
    text = canvas_csv([('=HYPERLINK("http://evil","x")', 1.0)], "mnist", 12.0, section="@A, B")
    row = list(csv.reader(io.StringIO(text)))[2]
    assert row == ["'=HYPERLINK(\"http://evil\",\"x\")", "", "", "'=HYPERLINK(\"http://evil\",\"x\")", "'@A, B", "1"]


def test_export_command_writes_per_submission_json_and_one_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`dlgrade export --format gradescope|canvas` over the batch's results files (defaults under COURSE/dlgrade/)."""
    write_class(tmp_path, "tensor_ops", {"ada": report_of("tensor_ops"), "ben": report_of("tensor_ops", LOST)})
    assert main(["export", "tensor_ops", "--course", str(tmp_path), "--format", "gradescope"]) == 0
    folder = tmp_path / "dlgrade" / "tensor_ops" / "gradescope"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.json")) == ["ada/results.json", "ben/results.json"]
    assert json.loads((folder / "ben" / "results.json").read_text(encoding="utf-8"))["score"] == 25.5
    assert main(["export", "tensor_ops", "--course", str(tmp_path), "--format", "canvas",
                 "--output", str(tmp_path / "grades.csv"), "--canvas-assignment-id", "12"]) == 0
    assert (tmp_path / "grades.csv").read_text(encoding="utf-8").splitlines()[2:] == ["ada,,,ada,,30", "ben,,,ben,,25.5"]
    assert "grades.csv" in capsys.readouterr().out
    assert main(["export", "losses", "--course", str(tmp_path), "--format", "canvas"]) == 2
