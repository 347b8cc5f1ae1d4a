"""The results file: its JSON shape, and fail-closed reading."""

from __future__ import annotations

import json
from typing import Any

import pytest

from grader.results import STATUSES, CheckOutcome, FunctionResult, ModuleResult, Report, report_from_json

EXPECTED = {"tensor_ops": {"naive_relu": 2, "naive_add": 3}, "tensors": {"tensor_info": 1}}


def _report() -> Report:
    relu = FunctionResult(
        "naive_relu", 1.0, 2.0, "failed", "result: shape (2, 3), expected (3, 2)",
        (CheckOutcome("test_relu_values", 1.0, "passed"), CheckOutcome("test_relu_shape", 1.0, "failed", {"en": "x"})),
    )
    add = FunctionResult(
        "naive_add", 3.0, 3.0, "passed", "all checks passed", (CheckOutcome("test_add", 2.0, "passed"),)
    )
    info = FunctionResult("tensor_info", 0.0, 1.0, "not_implemented", "not implemented yet")
    return Report((ModuleResult("tensor_ops", (relu, add)), ModuleResult("tensors", (info,))), "zh")


def _raw(function: dict[str, Any] | Any, *, module: str = "tensor_ops", name: str = "naive_relu") -> dict[str, Any]:
    return {"modules": {module: {"functions": {name: function}}}}


def test_json_shape() -> None:
    """to_json has modules → functions → {points, max_points, status, message, checks}, module sums and totals."""
    data = _report().to_json()
    assert {"modules", "total", "max_total"} <= set(data)
    assert set(data) - {"modules", "total", "max_total"} <= {"lang", "isolation"}
    assert list(data["modules"]) == ["tensor_ops", "tensors"]
    module = data["modules"]["tensor_ops"]
    assert set(module) == {"functions", "points", "max_points", "learner_seconds", "grading_seconds"}
    assert list(module["functions"]) == ["naive_relu", "naive_add"]
    relu = module["functions"]["naive_relu"]
    assert {"points", "max_points", "status", "message"} <= set(relu)
    assert relu["points"] == 1.0 and relu["max_points"] == 2.0 and relu["status"] == "failed"
    assert relu["message"] == "result: shape (2, 3), expected (3, 2)"
    assert relu["checks"] == [
        {"test": "test_relu_values", "weight": 1.0, "status": "passed"},
        {"test": "test_relu_shape", "weight": 1.0, "status": "failed"},
    ]
    assert (module["points"], module["max_points"]) == (4.0, 5.0)
    assert (data["modules"]["tensors"]["points"], data["modules"]["tensors"]["max_points"]) == (0.0, 1.0)
    assert (data["total"], data["max_total"]) == (4.0, 6.0)
    assert data["lang"] == "zh"
    json.dumps(data, allow_nan=False)  # plain JSON, no NaN


def test_totals_are_rounded_to_hundredths() -> None:
    """Module and report sums are rounded to two decimals (thirds add up to a clean number)."""
    fs = tuple(FunctionResult(f"f{i}", 1 / 3, 1.0, "failed", "") for i in range(3))
    report = Report((ModuleResult("m", fs),))
    assert report.module("m").points == 1.0
    assert report.total == 1.0


def test_lookup_by_name() -> None:
    """report.module(name).function(name) finds results; unknown names raise KeyError."""
    report = _report()
    assert report.module("tensor_ops").function("naive_add").points == 3.0
    with pytest.raises(KeyError):
        report.module("losses")
    with pytest.raises(KeyError):
        report.module("tensor_ops").function("naive_dot")


def test_round_trip_through_json_text() -> None:
    """Writing the report to JSON text and reading it back gives the same grades and checks."""
    report = _report()
    back = report_from_json(json.loads(json.dumps(report.to_json())), EXPECTED)
    assert back.lang == "zh"
    for module in report.modules:
        for f in module.functions:
            g = back.module(module.name).function(f.name)
            assert (g.points, g.max_points, g.status, g.message) == (f.points, f.max_points, f.status, f.message)
            assert [(c.test, c.weight, c.status) for c in g.checks] == [(c.test, c.weight, c.status) for c in f.checks]
    assert (back.total, back.max_total) == (report.total, report.max_total)


def _only_error(report: Report, module: str = "tensor_ops", name: str = "naive_relu") -> FunctionResult:
    got = report.module(module).function(name)
    assert got.status == "error"
    assert got.points == 0.0
    return got


@pytest.mark.parametrize(
    "raw",
    [None, [], "garbage", 42, {}, {"modules": []}, {"modules": {"tensor_ops": []}},
     {"modules": {"tensor_ops": {"functions": []}}}, {"modules": {"tensor_ops": {"functions": {"other": {}}}}}],
    ids=["none", "list", "string", "number", "empty", "modules-list", "module-list", "functions-list", "other-fn"],
)
def test_missing_results_score_zero_with_an_error(raw: Any) -> None:
    """Any file lacking an expected function gives that function 0 points and status error, with a reason."""
    report = report_from_json(raw, EXPECTED)
    assert [m.name for m in report.modules] == ["tensor_ops", "tensors"]
    for module, functions in EXPECTED.items():
        for name, points in functions.items():
            got = _only_error(report, module, name)
            assert got.max_points == points
            assert "scored 0" in got.message
    assert report.total == 0.0 and report.max_total == 6.0


@pytest.mark.parametrize(
    "function",
    [
        {"points": 2, "max_points": 2, "status": "excellent"},
        {"points": 2, "max_points": 2, "status": None},
        {"points": 2, "max_points": 2, "status": ["passed"]},
        {"points": 2, "max_points": 2, "status": {"passed": True}},
        {"points": 2, "max_points": 2},
        {"points": 3, "max_points": 2, "status": "passed"},
        {"points": -1, "max_points": 2, "status": "passed"},
        {"points": float("nan"), "max_points": 2, "status": "passed"},
        {"points": "lots", "max_points": 2, "status": "passed"},
        {"points": [2], "max_points": 2, "status": "passed"},
        {"points": 2, "max_points": "2x", "status": "passed"},
        {"points": 2, "max_points": 5, "status": "passed"},
        {"points": 2, "status": "passed"},
        "passed",
        ["passed", 2],
        None,
        7,
    ],
    ids=["bad-status", "null-status", "list-status", "dict-status", "no-status", "points-above-max", "negative",
         "nan", "str-points", "list-points", "str-max", "wrong-max", "no-max", "str", "list", "none", "int"],
)
def test_garbage_function_entries_score_zero(function: Any) -> None:
    """Bad statuses, points above max, wrong maxima and garbage types never raise and never give points."""
    report = report_from_json(_raw(function), EXPECTED)
    got = _only_error(report)
    assert got.max_points == 2
    assert report.module("tensor_ops").function("naive_add").status == "error"  # absent: also 0


def test_valid_entries_are_kept_and_bad_checks_are_dropped() -> None:
    """A valid function result is kept; malformed check entries (bad status, no name) are left out."""
    function = {
        "points": 1.5, "max_points": 2, "status": "failed", "message": "close",
        "checks": [
            {"test": "ok", "weight": 2, "status": "passed"},
            {"test": "odd-weight", "weight": "heavy", "status": "failed"},
            {"test": "bad", "weight": 1, "status": ["passed"]},
            {"weight": 1, "status": "passed"},
            "garbage",
        ],
    }
    got = report_from_json(_raw(function), EXPECTED).module("tensor_ops").function("naive_relu")
    assert (got.points, got.max_points, got.status, got.message) == (1.5, 2.0, "failed", "close")
    assert [(c.test, c.weight, c.status) for c in got.checks] == [("ok", 2.0, "passed"), ("odd-weight", 0.0, "failed")]


def test_unknown_language_falls_back_to_english() -> None:
    """A results file with an unknown or malformed lang reads as English."""
    assert report_from_json({"lang": "fr"}, EXPECTED).lang == "en"
    assert report_from_json({"lang": ["zh"]}, EXPECTED).lang == "en"
    assert report_from_json({"lang": "zh"}, EXPECTED).lang == "zh"


def test_statuses_are_the_documented_ones() -> None:
    """The status vocabulary is exactly the one documented for the results file."""
    assert {"passed", "failed", "error", "timeout", "not_implemented", "integrity"} == STATUSES


@pytest.mark.parametrize("key", ["learner_seconds", "grading_seconds"])
@pytest.mark.parametrize(("raw", "expected"), [(1.5, 1.5), (0, 0.0), (-1, 0.0), ("2", 0.0), (True, 0.0), (None, 0.0)])
def test_seconds_are_read_back_or_zero(key: str, raw: Any, expected: float) -> None:
    """A module's learner_seconds and grading_seconds (diagnostics) survive the results file.

    Anything but a plausible number reads as 0.
    """
    data = {"modules": {"tensor_ops": {"functions": {}, key: raw}}}
    report = report_from_json(data, {"tensor_ops": {"naive_relu": 2.0}})
    assert getattr(report.module("tensor_ops"), key) == expected
    assert report.to_json()["modules"]["tensor_ops"][key] == expected
