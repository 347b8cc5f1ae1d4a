"""Grading sessions whose spec says direct: same results, no reports for what passed (pytester)."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

import numpy  # noqa: F401 - imported once here: pytester's inline runs must not re-import NumPy
import pytest

import grader.session.plugin  # noqa: F401 - the inner sessions reuse the loaded plugin and its imports
from tests.session.specs import results_in, spec_arg
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


def _results(files: dict[str, Path]) -> dict[str, Any]:
    """Each submission's results file without its timings (they differ from run to run)."""
    data = {name: _json(path) for name, path in files.items()}
    for report in data.values():
        for module in report["modules"].values():
            module.pop("grading_seconds")
            module.pop("learner_seconds")
    return data


def _plain_and_direct(pytester: pytest.Pytester, folders: dict[str, Path]) -> tuple[dict[str, Path], dict[str, Path]]:
    """Two in-process sessions of the same submissions, with pytest reports and direct; their results files."""
    plain, direct = pytester.mkdir("plain"), pytester.mkdir("direct")
    plain_files, direct_files = results_in(plain, folders), results_in(direct, folders)
    _run(pytester, spec_arg(pytester.path, folders, results=plain_files, inprocess=True))
    _run(pytester, spec_arg(pytester.path, folders, results=direct_files, inprocess=True, direct=True))
    return plain_files, direct_files


def test_same_results_file_as_with_pytest_reports(pytester: pytest.Pytester) -> None:
    """Two submissions (one mixed, one right) and a check whose set-up fails: the same results either way."""
    folders = _setup(pytester, SUITE + SETUP_FAILS, mixed=GOOD, right=ALL_RIGHT)
    plain, direct = _plain_and_direct(pytester, folders)
    assert _results(direct) == _results(plain)
    mixed = _functions(_results(direct)["mixed"])
    assert mixed["naive_vector_dot"]["points"] == 1.5  # a passed and a failed check, weighted as before
    right = _functions(_results(direct)["right"])
    checks = {c["test"]: c["status"] for c in right["naive_add"]["checks"]}
    assert checks == {"test_add": "passed", "test_add_with_broken_fixture": "error"}
    assert "grader error: RuntimeError: a fixture of the suite is broken" in right["naive_add"]["message"]


def test_failures_are_still_reported_passed_checks_are_not(pytester: pytest.Pytester) -> None:
    """The session's output and exit status show every failure (6 of 9); passed checks make no reports."""
    good = _setup(pytester)["sub"]
    out = pytester.path / "results.json"
    result = _run(pytester, spec_arg(pytester.path, {"sub": good}, results={"sub": out}, direct=True), "-rf")
    result.assert_outcomes(failed=6)  # pytest's statistics: no 'passed' reports were made
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "result: expected 11, got 0 (rtol=1e-12, atol=0)" in result.stdout.str()
    _check_expected(_functions(_json(out)))  # the 3 passed checks are in the results all the same


def test_progress_lines_come_without_teardown_reports(pytester: pytest.Pytester) -> None:
    """'done <id>' still follows each submission's last check, with its own results file written first."""
    folders = _setup(pytester, SUITE, ann=ALL_RIGHT, bob=GOOD)
    results = results_in(pytester.mkdir("out"), folders)
    read_fd, write_fd = os.pipe()
    try:
        _run(pytester, spec_arg(pytester.path, folders, results=results, inprocess=True, direct=True,
                                progress_fd=write_fd))
    finally:
        os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        assert pipe.read().decode().splitlines() == ["done ann", "done bob"]
    assert _json(results["ann"])["total"] == 4.0
    _check_expected(_functions(_json(results["bob"])))


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
    _run(pytester, spec_arg(pytester.path, {"sub": good}, results={"sub": out}, inprocess=True, direct=True))
    assert _functions(_json(out))["naive_reshape"]["history"] == {"loss": [0.5, 0.25]}


def test_quick_exit_keeps_the_exit_status_the_output_and_the_results(pytester: pytest.Pytester) -> None:
    """A quick-exit spec ends the session process at once, with pytest's exit status, its output and results written."""
    good = _setup(pytester)["sub"]
    out = pytester.path / "results.json"
    plugins = ("-p", "grader.session.plugin", "-p", "no:cacheprovider")
    quick = pytester.runpytest_subprocess(*plugins, spec_arg(pytester.path, {"sub": good}, results={"sub": out},
                                                             direct=True, quick_exit=True))
    assert quick.ret == pytest.ExitCode.TESTS_FAILED
    quick.stdout.fnmatch_lines(["*Score: 3.5 / *", "*6 failed*"])  # the terminal summary, flushed before the exit
    _check_expected(_functions(_json(out)))
    right = _setup(pytester, SUITE, right=ALL_RIGHT)["right"]
    assert pytester.runpytest_subprocess(*plugins, spec_arg(pytester.path, {"sub": right}, direct=True, quick_exit=True),
                                         "-k", "relu").ret == pytest.ExitCode.OK



@pytest.mark.parametrize("direct", [False, True], ids=["reports", "direct"])
def test_a_check_skipped_at_set_up_scores_nothing(pytester: pytest.Pytester, direct: bool) -> None:
    """A skipped set-up (pytest.skip in a fixture) gives the check no outcome either way, unlike a failed one."""
    suite = SUITE.replace("@pytest.mark.points(\"naive_reshape\")\ndef test_reshape", "def _unused")
    good = _setup(pytester, suite + SETUP_SKIPS)["sub"]
    out = pytester.path / "results.json"
    _run(pytester, spec_arg(pytester.path, {"sub": good}, results={"sub": out}, inprocess=True, direct=direct))
    reshape = _functions(_json(out))["naive_reshape"]
    assert reshape["checks"] == [] and "no checks" in reshape["message"]
