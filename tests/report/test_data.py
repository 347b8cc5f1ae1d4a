"""The class report's data: message grouping, the histogram, per-function figures, the fail-closed reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.report.data import bins_for, histogram, load_class, message_pattern, summarise
from tests.report.helpers import report_of, write_class


def test_shapes_in_any_spelling_and_numbers_group_together() -> None:
    """Messages that differ only in numbers, shape spelling or quoted text have one pattern; other mistakes do not."""
    same = [
        "result: 4 of 4 values differ (rtol=0, atol=0); first at index (0, 0): expected 4, got 1",
        "result: 12 of 30 values differ (rtol=0, atol=0); first at index (2,1): expected -0.5, got 1e-05",
    ]
    assert message_pattern(same[0]) == message_pattern(same[1])
    assert message_pattern("shape (3, 2), expected (2, 3)") == message_pattern("shape (3,2), expected (4,)")
    assert message_pattern("raised ValueError, but its message 'bad (3,2)' does not mention (2, 3)") == \
        message_pattern('raised ValueError, but its message "x" does not mention (1, 1)')
    assert message_pattern("returned float64, expected float32") == "returned float64, expected float32"
    assert message_pattern("shape (3, 2), expected (2, 3)") != message_pattern("returned float64, expected float32")
    assert message_pattern("got [1 2 3 4]") == message_pattern("got [7 8]") == "got [#…]"


def test_histogram_puts_every_score_in_one_bar_and_full_marks_in_the_last() -> None:
    """Ten equal ranges over 0..max; a score on a boundary goes up, the maximum into the last bar."""
    bins = histogram([0.0, 2.9, 3.0, 29.5, 30.0], 30.0, 10)
    assert len(bins) == 10
    assert [b.scores for b in bins if b.scores] == [(0.0, 2.9), (3.0,), (29.5, 30.0)]
    assert (bins[0].low, bins[0].high, bins[-1].low, bins[-1].high) == (0.0, 3.0, 27.0, 30.0)
    assert sum(len(b.scores) for b in bins) == 5
    assert (bins_for(30.0), bins_for(12.0), bins_for(2.5), bins_for(80.0)) == (30, 12, 3, 30)  # a bar per point, ≤ 30


def test_summary_counts_passes_means_and_the_commonest_failure_first(tmp_path: Path) -> None:
    """Pass rate, mean points and failure groups per function, from the results files of a class."""
    lost = {"naive_relu": (0.0, "failed", "result: shape (3, 2), expected (2, 3)")}
    reports = {
        "ada": report_of("tensor_ops"),
        "ben": report_of("tensor_ops", lost),
        "cy": report_of("tensor_ops", {"naive_relu": (0.0, "failed", "result: shape (4,5), expected (5, 4)")}),
        "dot": report_of("tensor_ops", {"naive_relu": (0.0, "not_implemented", "not implemented yet")}),
    }
    write_class(tmp_path, "tensor_ops", reports)
    summary = summarise("tensor_ops", load_class(tmp_path, "tensor_ops"))
    relu = summary.functions[0]
    assert (relu.name, relu.graded, relu.passed, relu.mean_points, relu.pass_rate) == ("naive_relu", 4, 1, 0.5, 0.25)
    assert [(g.pattern, g.count) for g in relu.failures] == [("result: shape (…), expected (…)", 2),
                                                            ("not implemented yet", 1)]
    assert relu.failures[0].example == "result: shape (3, 2), expected (2, 3)"
    assert summary.functions[1].pass_rate == 1.0 and summary.functions[1].failures == ()
    assert [learner.student for learner in summary.learners] == ["ada", "ben", "cy", "dot"]
    assert summary.scores == (30.0, 28.0, 28.0, 28.0) and summary.isolation == ("namespaces",)


def test_a_corrupt_results_file_scores_zero_and_an_unknown_assignment_is_refused(tmp_path: Path) -> None:
    """The report reads through read_report: a damaged file is a 0 with a reason, never full marks or a crash."""
    results = write_class(tmp_path, "tensor_ops", {"ada": report_of("tensor_ops")}, feedback=False)
    (results / "eve.json").write_text('{"modules": {"tensor_ops": {"functions": {"naive_relu": {"points": 99', encoding="utf-8")
    learners = load_class(tmp_path, "tensor_ops")
    assert [(learner.student, learner.report.total, learner.feedback) for learner in learners] == \
        [("ada", 30.0, None), ("eve", 0.0, None)]
    assert learners[1].report.modules[0].functions[0].message == "unreadable results file: scored 0"
    with pytest.raises(KeyError):
        load_class(tmp_path, "no_such_module")
