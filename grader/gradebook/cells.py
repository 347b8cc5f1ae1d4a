"""What the notebook's autograder cells call: ``score("tensor_ops", "naive_relu")``.

A grade cell's last expression is :func:`score`, so the cell's ``execute_result`` is the
function's points as a plain Python float, which nbgrader reads as partial credit. The
function's status, points and message are printed first (stdout). Anything missing or
malformed raises, which nbgrader scores 0. Nothing reaches stderr: nbgrader scores a cell with any stderr
output 0, so the core's own output (warnings, subprocesses) is swallowed.

The module is graded once per kernel and version of the learner's file (cached), from the
folder the kernel runs in: with the hidden suites under ``nbgrader autograde``, with the
public checks otherwise (a learner running the notebook locally, ``nbgrader validate``).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

from grader.gradebook.core import run_check
from grader.gradebook.entries import feedback_text, function_entry
from grader.results import Report

_RESULTS: dict[tuple[str, str, bool, tuple[int, int] | None], Report | BaseException] = {}


class ScoreUnavailableError(RuntimeError):
    """Grading the module failed; every grade cell of the module scores 0."""


def hidden_suites() -> bool:
    """Tell whether grading uses the hidden suites: only inside ``nbgrader autograde``."""
    return os.environ.get("NBGRADER_EXECUTION") == "autograde"


def module_result(module: str, folder: Path | None = None) -> Report:
    """Grade ``folder/<module>.py`` (default: the current folder) once per version of the file.

    Raises:
        ScoreUnavailableError: if grading failed (also on later calls, without retrying).

    """
    hidden = hidden_suites()
    where = (folder or Path.cwd()).resolve()
    key = (str(where), module, hidden, _version(where / f"{module}.py"))
    if key not in _RESULTS:
        try:
            with _silenced():
                _RESULTS[key] = run_check(where, [module], hidden=hidden)
        except BaseException as exc:  # any failure is a 0 for every cell, graded once
            _RESULTS[key] = exc
            if not isinstance(exc, Exception):  # interrupted (cell timeout): this cell errors at once
                raise
    cached = _RESULTS[key]
    if isinstance(cached, BaseException):
        raise ScoreUnavailableError(f"dlgrade could not grade {module}.py: {cached}") from cached
    return cached


def score(module: str, function: str) -> float:
    """Return the points of ``module.function``, printing its status, points and message.

    Raises:
        ScoreUnavailableError: if grading the module failed.
        grader.gradebook.entries.ResultMissingError: if the result has no entry for the function.
        grader.gradebook.entries.ResultInvalidError: if the entry is malformed.

    """
    report = module_result(module)
    entry = function_entry(report, module, function)
    print(feedback_text(entry, report.lang))
    return float(entry.points)


def _version(path: Path) -> tuple[int, int] | None:
    """(mtime, size) of the learner's file, so a learner re-running edited code is graded again."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def clear_cache() -> None:
    """Forget graded modules (a kernel that re-runs the notebook after edits)."""
    _RESULTS.clear()


@contextlib.contextmanager
def _silenced() -> Iterator[None]:
    """Send Python- and file-descriptor-level stdout/stderr to a sink; ignore warnings."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    with tempfile.TemporaryFile() as sink, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        saved = [os.dup(fd) for fd in (1, 2)]
        try:
            for fd in (1, 2):
                os.dup2(sink.fileno(), fd)
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                yield
        finally:
            for fd, copy in zip((1, 2), saved, strict=True):
                os.dup2(copy, fd)
                os.close(copy)
