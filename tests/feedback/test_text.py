"""The per-exercise table a learner sees."""

from __future__ import annotations

import pytest

from grader.feedback.text import LABELS, SYMBOLS, render_text
from grader.results import STATUSES, FunctionResult, ModuleResult, Report


def _report() -> Report:
    return Report(
        (
            ModuleResult(
                "tensor_ops",
                (
                    FunctionResult("naive_relu", 2.0, 2.0, "passed", "all checks passed"),
                    FunctionResult("naive_matrix_dot", 1.5, 3.0, "failed", "result: shape (2, 3), expected (3, 2)"),
                    FunctionResult("dense_forward", 0.0, 3.0, "not_implemented", "not implemented yet"),
                    FunctionResult("naive_add", 0.0, 2.0, "integrity", "used whole-array NumPy (np.add)"),
                ),
            ),
            ModuleResult("tensors", (FunctionResult("tensor_info", 0.0, 1.0, "timeout", "took too long: 10 s"),)),
        )
    )


def test_every_status_has_a_symbol_and_a_label_in_both_languages() -> None:
    """Each results status can be rendered in English and Chinese."""
    assert set(SYMBOLS) == STATUSES
    assert set(LABELS["en"]) == set(LABELS["zh"]) == STATUSES


def test_table_lines_in_english() -> None:
    """One header per module with its points, one aligned line per function, messages for lost points, a total."""
    lines = render_text(_report(), "en").splitlines()
    assert lines[0] == "tensor_ops.py  3.5/10"
    assert lines[1] == "  ✓ naive_relu            2/2   passed"
    assert lines[2] == "  ✗ naive_matrix_dot    1.5/3   failed — result: shape (2, 3), expected (3, 2)"
    assert lines[3] == "  … dense_forward         0/3   not implemented yet"
    assert lines[4] == "  ✗ naive_add             0/2   integrity — used whole-array NumPy (np.add)"
    assert lines[5] == "tensors.py  0/1"
    assert lines[6] == "  ⏱ tensor_info      0/1   timeout — took too long: 10 s"
    assert lines[7] == "Score: 3.5 / 11"
    assert len(lines) == 8


def test_table_in_chinese_with_a_title() -> None:
    """In Chinese the labels and the total are translated; a title goes first."""
    out = render_text(_report(), "zh", title="== alice ==")
    lines = out.splitlines()
    assert lines[0] == "== alice =="
    assert "通过" in lines[2] and "未通过" in lines[3] and "尚未实现" in lines[4] and "违规" in lines[5]
    assert "超时" in lines[7]
    assert lines[-1] == "得分：3.5 / 11"


@pytest.mark.parametrize("status", ["passed", "not_implemented"])
def test_no_message_for_passed_or_not_implemented(status: str) -> None:
    """Passed and not-implemented functions show no message (it would only repeat the label)."""
    report = Report((ModuleResult("m", (FunctionResult("f", 0.0, 1.0, status, "SECRET MESSAGE"),)),))  # type: ignore[arg-type]
    assert "SECRET MESSAGE" not in render_text(report)


def test_empty_report_prints_only_the_total() -> None:
    """A report without modules is just the score line."""
    assert render_text(Report(())) == "Score: 0 / 0"
