"""Grading sessions with --dlgrade-direct: same results, no reports for what passed (pytester)."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path
from typing import Any

import numpy  # noqa: F401 - imported once here: pytester's inline runs must not re-import NumPy
import pytest

import grader.session.plugin  # noqa: F401 - the inner sessions reuse the loaded plugin and its imports
from tests.session.test_plugin import ALL_RIGHT, GOOD, SUITE, _check_expected, _functions, _json, _run, _setup

SETUP_SKIPS = '''

@pytest.fixture
def no_data():
    pytest.skip("the data this check needs is not here")


@pytest.mark.points("naive_reshape")
def test_reshape_with_missing_data(learner, no_data):
    """A check skipped at set-up: no outcome, as pytest skips it."""
'''

SETUP_FAILS = '''

@pytest.fixture
def broken():
    raise RuntimeError("a fixture of the suite is broken")


@pytest.mark.points("naive_add")
def test_add_with_broken_fixture(learner, broken):
    """A check whose set-up fails: it scores as a grader error, its call never runs."""
    raise AssertionError("never reached")
'''


def _results(path: Path) -> dict[str, Any]:
    """The results file without its timings (they differ from run to run)."""
    data = _json(path)
    for report in data["submissions"].values():
        for module in report["modules"].values():
            module.pop("grading_seconds")
            module.pop("learner_seconds")
    return data


def test_same_results_file_as_with_pytest_reports(pytester: pytest.Pytester) -> None:
    """Two submissions (one mixed, one right) and a check whose set-up fails: the same results either way."""
    folders = _setup(pytester, SUITE + SETUP_FAILS, mixed=GOOD, right=ALL_RIGHT)
    subs = [f"--dlgrade-submission={name}={folder}" for name, folder in folders.items()]
    plain, direct = pytester.path / "plain.json", pytester.path / "direct.json"
    _run(pytester, *subs, f"--dlgrade-json={plain}", "--dlgrade-inprocess")
    _run(pytester, *subs, f"--dlgrade-json={direct}", "--dlgrade-inprocess", "--dlgrade-direct")
    assert _results(direct) == _results(plain)
    mixed = _functions(_results(direct)["submissions"]["mixed"])
    assert mixed["naive_vector_dot"]["points"] == 1.5  # a passed and a failed check, weighted as before
    right = _functions(_results(direct)["submissions"]["right"])
    checks = {c["test"]: c["status"] for c in right["naive_add"]["checks"]}
    assert checks == {"test_add": "passed", "test_add_with_broken_fixture": "error"}
    assert "grader error: RuntimeError: a fixture of the suite is broken" in right["naive_add"]["message"]


def test_failures_are_still_reported_passed_checks_are_not(pytester: pytest.Pytester) -> None:
    """The session's output and exit status show every failure (6 of 9); passed checks make no reports."""
    good = _setup(pytester)["sub"]
    out = pytester.path / "results.json"
    result = _run(pytester, f"--dlgrade-submission=sub={good}", f"--dlgrade-json={out}", "--dlgrade-direct", "-rf")
    result.assert_outcomes(failed=6)  # pytest's statistics: no 'passed' reports were made
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "result: expected 11, got 0 (rtol=1e-12, atol=0)" in result.stdout.str()
    _check_expected(_functions(_json(out)))  # the 3 passed checks are in the results all the same


def test_progress_lines_come_without_teardown_reports(pytester: pytest.Pytester) -> None:
    """'done <id>' still follows each submission's last check, with its own results file written first."""
    folders = _setup(pytester, SUITE, ann=ALL_RIGHT, bob=GOOD)
    results = pytester.path / "out" / "results.json"
    results.parent.mkdir()
    read_fd, write_fd = os.pipe()
    try:
        _run(pytester, *(f"--dlgrade-submission={n}={f}" for n, f in folders.items()), f"--dlgrade-json={results}",
             "--dlgrade-inprocess", "--dlgrade-direct", f"--dlgrade-progress-fd={write_fd}")
    finally:
        os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        assert pipe.read().decode().splitlines() == ["done ann", "done bob"]
    final = json.loads(results.read_text(encoding="utf-8"))["submissions"]
    for index, name in enumerate(("ann", "bob")):
        partial = json.loads(results.with_name(f"results.{index}.json").read_text(encoding="utf-8"))
        assert partial == final[name]


def test_history_of_a_passed_check_is_kept(pytester: pytest.Pytester) -> None:
    """A passed check's recorded training history reaches the results without a report."""
    suite = SUITE + textwrap.dedent('''

        @pytest.mark.points("naive_reshape")
        def test_history(learner, record_property):
            """Records a two-epoch history and passes."""
            record_property("dlgrade_history", {"loss": [0.5, 0.25]})
        ''')
    good = _setup(pytester, suite)["sub"]
    out = pytester.path / "results.json"
    _run(pytester, f"--dlgrade-submission=sub={good}", f"--dlgrade-json={out}", "--dlgrade-inprocess", "--dlgrade-direct")
    assert _functions(_json(out))["naive_reshape"]["history"] == {"loss": [0.5, 0.25]}


def test_quick_exit_keeps_the_exit_status_the_output_and_the_results(pytester: pytest.Pytester) -> None:
    """--dlgrade-quick-exit ends the session process at once, with pytest's exit status, its output and results written."""
    good = _setup(pytester)["sub"]
    out = pytester.path / "results.json"
    args = ("-p", "grader.session.plugin", "-p", "no:cacheprovider", f"--dlgrade-submission=sub={good}", f"--dlgrade-json={out}",
            "--dlgrade-direct", "--lang=en")
    quick = pytester.runpytest_subprocess(*args, "--dlgrade-quick-exit")
    assert quick.ret == pytest.ExitCode.TESTS_FAILED
    quick.stdout.fnmatch_lines(["*Score: 3.5 / *", "*6 failed*"])  # the terminal summary, flushed before the exit
    _check_expected(_functions(_json(out)))
    right = _setup(pytester, SUITE, right=ALL_RIGHT)["right"]
    assert pytester.runpytest_subprocess(*args[:2], f"--dlgrade-submission=sub={right}", "-k", "relu",
                                         "--dlgrade-direct", "--dlgrade-quick-exit").ret == pytest.ExitCode.OK



@pytest.mark.parametrize("direct", [False, True], ids=["reports", "direct"])
def test_a_check_skipped_at_set_up_scores_nothing(pytester: pytest.Pytester, direct: bool) -> None:
    """A skipped set-up (pytest.skip in a fixture) gives the check no outcome either way, unlike a failed one."""
    suite = SUITE.replace("@pytest.mark.points(\"naive_reshape\")\ndef test_reshape", "def _unused")
    good = _setup(pytester, suite + SETUP_SKIPS)["sub"]
    out = pytester.path / "results.json"
    _run(pytester, f"--dlgrade-submission=sub={good}", f"--dlgrade-json={out}", "--dlgrade-inprocess",
         *(["--dlgrade-direct"] if direct else []))
    reshape = _functions(_json(out))["naive_reshape"]
    assert reshape["checks"] == [] and "no checks" in reshape["message"]


def test_request_wrappers_skip_the_signature_and_nothing_else(monkeypatch: pytest.MonkeyPatch) -> None:
    """skip_request_signatures answers () for pytest's `lambda: request` without inspect.signature; others as pytest."""
    import inspect

    import _pytest.fixtures

    from grader.session.direct_checks import REQUEST_LAMBDA, skip_request_signatures

    original = getattr(_pytest.fixtures.getfuncargnames, "dlgrade_original", _pytest.fixtures.getfuncargnames)
    monkeypatch.setattr(_pytest.fixtures, "getfuncargnames", original)
    skip_request_signatures()
    skip_request_signatures()  # installed once: not wrapped twice
    patched = _pytest.fixtures.getfuncargnames
    assert patched is not original and patched.dlgrade_original is original  # type: ignore[attr-defined]

    read: list[object] = []
    real_signature = inspect.signature
    monkeypatch.setattr(inspect, "signature", lambda f, **kw: read.append(f) or real_signature(f, **kw))
    wrapper = eval("lambda: request", {"__name__": "_pytest.fixtures"}, {"request": object()})  # noqa: S307 - a literal
    wrapper.__qualname__ = REQUEST_LAMBDA
    assert patched(wrapper, name="request") == ()
    assert read == []

    def fixture_with_args(tmp_path, request):  # type: ignore[no-untyped-def]
        return tmp_path, request

    assert patched(fixture_with_args, name="f") == ("tmp_path", "request")
    assert read  # that one went through pytest's own reading
    read.clear()
    elsewhere = eval("lambda x: x", {"__name__": "elsewhere"})  # noqa: S307 - named like pytest's, another module
    elsewhere.__qualname__ = REQUEST_LAMBDA
    assert patched(elsewhere, name="x") == ("x",)
    assert read


PARAMETRIZED = """

@pytest.mark.points("naive_relu")
@pytest.mark.parametrize("rows", [1, 2, 3])
def test_relu_rows(learner, rows):
    \"\"\"A parametrized check: its parameter's fixture asks pytest for `request`.\"\"\"
    x = np.arange(rows * 2.0).reshape(rows, 2) - 2
    np.testing.assert_array_equal(learner.call("naive_relu", x), np.maximum(x, 0))
"""


def test_sessions_read_no_request_signature_and_score_the_same(pytester: pytest.Pytester,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A direct session reads no signature of pytest's request wrappers; its results equal a plain session's."""
    import inspect

    import _pytest.fixtures

    from grader.session.direct_checks import REQUEST_LAMBDA

    monkeypatch.setattr(_pytest.fixtures, "getfuncargnames",
                        getattr(_pytest.fixtures.getfuncargnames, "dlgrade_original", _pytest.fixtures.getfuncargnames))
    read: list[str] = []
    real_signature = inspect.signature

    def signature(f, **kw):  # type: ignore[no-untyped-def]
        read.append(getattr(f, "__qualname__", ""))
        return real_signature(f, **kw)

    folders = _setup(pytester, SUITE + PARAMETRIZED, mixed=GOOD, right=ALL_RIGHT)
    subs = [f"--dlgrade-submission={name}={folder}" for name, folder in folders.items()]
    plain, direct = pytester.path / "plain.json", pytester.path / "direct.json"
    monkeypatch.setattr(inspect, "signature", signature)
    _run(pytester, *subs, f"--dlgrade-json={plain}", "--dlgrade-inprocess")
    assert REQUEST_LAMBDA in read  # without the change: pytest reads them, once per parameter and check
    read.clear()
    _run(pytester, *subs, f"--dlgrade-json={direct}", "--dlgrade-inprocess", "--dlgrade-direct")
    assert read and REQUEST_LAMBDA not in read
    assert _results(direct) == _results(plain)
    checks = [c["test"] for c in _functions(_results(direct)["submissions"]["right"])["naive_relu"]["checks"]]
    assert checks.count("test_relu_rows") == 3
