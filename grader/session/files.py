"""The progress lines a grading session writes and the process that starts it reads, without the session's imports.

The batch grader reads a session's progress lines; it need not import pytest or NumPy to do so
(which would delay the first session's start). The session's side: :mod:`grader.session.progress`.
What a session is asked to do is its spec (:mod:`grader.session.spec`); what it found, its
results files (:func:`grader.results.read_report`).
"""

from __future__ import annotations


def done_line(submission: str) -> str:
    """The progress line saying a submission's checks have all run."""
    return f"done {submission}\n"


def parse(line: str) -> str | None:
    """The submission id of a progress line, or None for anything else."""
    kind, _, submission = line.strip().partition(" ")
    return submission if kind == "done" and submission else None
