"""Per-submission progress lines out of a grading session (grader.session.progress), with pytester."""

from __future__ import annotations

import json
import os
import textwrap
import threading
from pathlib import Path
from typing import Any

import numpy  # noqa: F401 - imported once here: pytester's inline runs must not re-import NumPy
import pytest

import grader.session.plugin  # noqa: F401 - the inner sessions reuse the loaded plugin and its imports
from grader.session.files import parse
from tests.session.specs import results_in, spec_arg

SUITE = '''
import pytest


@pytest.mark.points("naive_relu")
def test_one(learner):
    """Passes."""


@pytest.mark.points("naive_add")
def test_two(learner):
    """Passes."""
'''


def _session(pytester: pytest.Pytester, fd: int, **fields: Any) -> pytest.RunResult:
    pytester.makepyfile(test_tensor_ops=textwrap.dedent(SUITE))
    folders = {}
    for name in ("ann", "bob"):
        folders[name] = pytester.mkdir(name)
        (folders[name] / "tensor_ops.py").write_text("", encoding="utf-8")
    return pytester.runpytest("-p", "grader.session.plugin", "-p", "no:cacheprovider", "-q",
                              spec_arg(pytester.path, folders, inprocess=True, progress_fd=fd, **fields))


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


def _lines_with_files(read_fd: int, results: dict[str, Path], seen: list[tuple[str, bool]]) -> threading.Thread:
    """Read progress lines as they come, noting for each whether its submission's results file was there already."""

    def read() -> None:
        with os.fdopen(read_fd, "rb", buffering=0) as pipe:
            for line in pipe:
                name = parse(line.decode())
                seen.append((str(name), name in results and results[name].is_file()))

    thread = threading.Thread(target=read)
    thread.start()
    return thread


@pytest.mark.parametrize("names", [("ann", "bob"), ("bob",)], ids=["each", "one"])
def test_each_submission_gets_its_results_file_before_its_line(pytester: pytest.Pytester, names: tuple[str, ...]) -> None:
    """Each submission the spec names a results file for has it written whole before its line; the others get none.

    The batch records a submission from its file as soon as its line comes, while the session grades the next.
    """
    read_fd, write_fd = os.pipe()
    results = results_in(pytester.mkdir("out"), names)
    seen: list[tuple[str, bool]] = []
    reader = _lines_with_files(read_fd, results, seen)
    try:
        _session(pytester, write_fd, results=results).assert_outcomes(passed=4)
    finally:
        os.close(write_fd)
        reader.join(timeout=30)
    assert seen == [("ann", "ann" in names), ("bob", True)]
    assert sorted(p.name for p in results["bob"].parent.iterdir()) == sorted(f"{name}.json" for name in names)
    report = json.loads(results["bob"].read_text(encoding="utf-8"))
    assert report["modules"]["tensor_ops"]["functions"]["naive_add"]["status"] == "passed"


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
