"""What a grading session and the process that starts it share, without the session's imports.

The batch grader reads a session's progress lines and per-submission results files and names
its reference cache; it need not import pytest or NumPy to do so (0.3 s before the first
session could start). The session's side: :mod:`grader.session.progress`, :mod:`grader.authoring.references`.
"""

from __future__ import annotations

from pathlib import Path

CACHE_ENV = "DLGRADE_REFERENCE_CACHE"
"""Folder for reference results kept across sessions (unset: memory only); see :mod:`grader.authoring.references`."""


def done_line(submission: str) -> str:
    """The progress line saying a submission's checks have all run."""
    return f"done {submission}\n"


def parse(line: str) -> str | None:
    """The submission id of a progress line, or None for anything else."""
    kind, _, submission = line.strip().partition(" ")
    return submission if kind == "done" and submission else None


def partial_results(results: Path, index: int) -> Path:
    """The results file of the ``index``-th submission of a session, written as soon as it is graded.

    Beside the session's results file (``results.json`` → ``results.3.json``); the batch grader
    records a submission from it while the session grades the next ones.
    """
    return results.with_name(f"{results.stem}.{index}{results.suffix}")
