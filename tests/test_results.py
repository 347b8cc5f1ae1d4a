"""The results file: its JSON shape, and fail-closed reading by its one reader."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import grader.results
from grader.results import STATUSES, CheckOutcome, FunctionResult, ModuleResult, Report, read_report, write_report

EXPECTED = {"tensor_ops": {"naive_relu": 2, "naive_add": 3}, "tensors": {"tensor_info": 1}}


def _read(raw: Any, expected: Mapping[str, Mapping[str, float]] = EXPECTED) -> Report:
    """Write ``raw`` as a results file's JSON text and read it back with read_report."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "results.json")
        path.write_text(json.dumps(raw), encoding="utf-8")
        return read_report(path, expected)


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


def test_round_trip_through_json_text(tmp_path: Path) -> None:
    """Writing the report's results file and reading it back gives the same grades and checks."""
    report = _report()
    write_report(tmp_path / "results.json", report)
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]  # the staged copy is gone
    back = read_report(tmp_path / "results.json", EXPECTED)
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
    report = _read(raw, EXPECTED)
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
        {"points": "2", "max_points": 2, "status": "passed"},
        {"points": True, "max_points": 2, "status": "passed"},
        {"points": float("inf"), "max_points": float("inf"), "status": "passed"},
        {"points": 2, "max_points": 2, "status": "passed", "message": 7},
        "passed",
        ["passed", 2],
        None,
        7,
    ],
    ids=["bad-status", "null-status", "list-status", "dict-status", "no-status", "points-above-max", "negative",
         "nan", "str-points", "list-points", "str-max", "wrong-max", "no-max", "number-as-str", "bool-points",
         "infinite", "message-not-text", "str", "list", "none", "int"],
)
def test_garbage_function_entries_score_zero(function: Any) -> None:
    """Bad statuses, points above max, wrong maxima and garbage types never raise and never give points."""
    report = _read(_raw(function), EXPECTED)
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
    got = _read(_raw(function), EXPECTED).module("tensor_ops").function("naive_relu")
    assert (got.points, got.max_points, got.status, got.message) == (1.5, 2.0, "failed", "close")
    assert [(c.test, c.weight, c.status) for c in got.checks] == [("ok", 2.0, "passed"), ("odd-weight", 0.0, "failed")]


def test_unknown_language_falls_back_to_english() -> None:
    """A results file with an unknown or malformed lang reads as English."""
    assert _read({"lang": "fr"}, EXPECTED).lang == "en"
    assert _read({"lang": ["zh"]}, EXPECTED).lang == "en"
    assert _read({"lang": "zh"}, EXPECTED).lang == "zh"


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
    report = _read(data, {"tensor_ops": {"naive_relu": 2.0}})
    assert getattr(report.module("tensor_ops"), key) == expected
    assert report.to_json()["modules"]["tensor_ops"][key] == expected


def test_rounding_noise_above_the_maximum_is_clamped() -> None:
    """Points a hair above max_points (float noise) read as max_points; anything more is refused."""
    got = _read(_raw({"points": 2.0000000000000004, "max_points": 2, "status": "passed"}))
    assert got.module("tensor_ops").function("naive_relu").points == 2.0
    _only_error(_read(_raw({"points": 2.001, "max_points": 2, "status": "passed"})))


@pytest.mark.parametrize(("content", "reason"), [
    (None, "no results file: scored 0"),
    (b"", "unreadable results file: scored 0"),
    (b'{"modules": ', "unreadable results file: scored 0"),
    (b"\xff\xfe not text", "unreadable results file (UnicodeDecodeError): scored 0"),
    (b"[" * 100_000 + b"]" * 100_000, "unreadable results file: scored 0"),
], ids=["absent", "empty", "truncated", "not-utf8", "nested-too-deep"])
def test_a_file_that_is_not_a_results_file_scores_zero_with_the_reason(
        tmp_path: Path, content: bytes | None, reason: str) -> None:
    """An absent, empty, truncated, undecodable or absurdly nested file gives every expected function 0 with the reason."""
    path = tmp_path / "results.json"
    if content is not None:
        path.write_bytes(content)
    report = read_report(path, EXPECTED)
    assert [(f.name, f.points, f.max_points, f.status, f.message) for m in report.modules for f in m.functions] == [
        (name, 0.0, float(points), "error", reason) for functions in EXPECTED.values() for name, points in functions.items()]


def test_an_absent_file_scores_zero_with_the_callers_reason(tmp_path: Path) -> None:
    """The caller says why a file may be absent (a session that failed as a whole)."""
    report = read_report(tmp_path / "none.json", {"tensors": {"tensor_info": 1}}, missing="the session died")
    assert report.module("tensors").function("tensor_info").message == "the session died"


def test_there_is_one_reader() -> None:
    """The results file has one reader: the old parser of JSON values is gone from the module's interface."""
    assert not hasattr(grader.results, "report_from_json")
