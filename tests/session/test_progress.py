"""Per-submission progress lines out of a grading session (grader.session.progress), with pytester."""

from __future__ import annotations

import json
import os
import textwrap

import numpy  # noqa: F401 - imported once here: pytester's inline runs must not re-import NumPy
import pytest

import grader.session.plugin  # noqa: F401 - the inner sessions reuse the loaded plugin and its imports
from grader.session.files import parse, partial_results

SUITE = '''
import pytest


@pytest.mark.points("naive_relu")
def test_one(learner):
    """Passes."""


@pytest.mark.points("naive_add")
def test_two(learner):
    """Passes."""
'''


def _session(pytester: pytest.Pytester, fd: int, *extra: str) -> pytest.RunResult:
    pytester.makepyfile(test_tensor_ops=textwrap.dedent(SUITE))
    args = list(extra)
    for name in ("ann", "bob"):
        (pytester.path / name).mkdir()
        (pytester.path / name / "tensor_ops.py").write_text("", encoding="utf-8")
        args.append(f"--dlgrade-submission={name}={pytester.path / name}")
    return pytester.runpytest("-p", "grader.session.plugin", "-p", "no:cacheprovider", "-q", "--dlgrade-inprocess",
                              f"--dlgrade-progress-fd={fd}", *args)


def test_one_line_per_submission_once_its_last_check_ran(pytester: pytest.Pytester) -> None:
    """Each submission is reported once, after all of its checks, in grading order."""
    read_fd, write_fd = os.pipe()
    try:
        _session(pytester, write_fd).assert_outcomes(passed=4)
    finally:
        os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        lines = pipe.read().decode().splitlines()
    assert lines == ["done ann", "done bob"]


def test_each_submission_gets_its_results_file_before_its_line(pytester: pytest.Pytester) -> None:
    """With a results file and several submissions, each submission's own results file is written with its line.

    It holds what the session's results file says of that submission (the batch records from it at once).
    """
    read_fd, write_fd = os.pipe()
    results = pytester.path / "out" / "results.json"
    results.parent.mkdir()
    try:
        _session(pytester, write_fd, f"--dlgrade-json={results}").assert_outcomes(passed=4)
    finally:
        os.close(write_fd)
    os.close(read_fd)
    final = json.loads(results.read_text(encoding="utf-8"))["submissions"]
    for index, name in enumerate(("ann", "bob")):
        assert json.loads(partial_results(results, index).read_text(encoding="utf-8")) == final[name]
    assert sorted(p.name for p in results.parent.iterdir()) == ["results.0.json", "results.1.json", "results.json"]


def test_a_closed_progress_descriptor_does_not_stop_grading(pytester: pytest.Pytester) -> None:
    """If nobody reads the progress (the descriptor is not open), grading goes on and every check runs."""
    unused = 1000  # far above what the session opens: no file takes its number meanwhile
    with pytest.raises(OSError):
        os.fstat(unused)
    _session(pytester, unused).assert_outcomes(passed=4)


@pytest.mark.parametrize(("line", "submission"), [("done ann\n", "ann"), ("done  ", None), ("started ann", None),
                                                  ("", None), ("done learner 07", "learner 07")])
def test_parse_reads_only_done_lines(line: str, submission: str | None) -> None:
    """Only ``done <id>`` lines name a submission; anything else is ignored."""
    assert parse(line) == submission
