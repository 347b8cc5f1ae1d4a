"""Per-submission progress out of a grading session: one line per graded submission.

A session grades its submissions one after another (the ``learner`` fixture is parametrised
per module, so pytest groups each submission's checks). As soon as the last check of a
submission has run, the line ``done <submission id>`` goes to the file descriptor named by
``--dlgrade-progress-fd``, so the batch grader's progress bar moves per submission, not per
session. The lines are progress only: results come from the results file, never from here.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest


class SessionProgress:
    """A pytest plugin object writing ``done <id>`` lines to a file descriptor."""

    def __init__(self, fd: int, submission_of: Callable[[pytest.Item], str]) -> None:
        """Write to ``fd``; ``submission_of`` tells which submission a check grades."""
        self._fd = fd
        self._submission_of = submission_of
        self._last: dict[str, str] = {}  # node id of a submission's last check → submission id

    @pytest.hookimpl(trylast=True)  # after pytest has put the checks in their final order
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        """Find each submission's last check."""
        last = {self._submission_of(item): item.nodeid for item in items}
        self._last = {nodeid: submission for submission, nodeid in last.items()}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """After the teardown of a submission's last check, report the submission done."""
        if report.when == "teardown" and report.nodeid in self._last:
            self._write(f"done {self._last.pop(report.nodeid)}\n")

    def _write(self, line: str) -> None:
        if self._fd < 0:
            return
        try:
            os.write(self._fd, line.encode("utf-8"))
        except OSError:  # the reader went away: progress is optional, grading goes on
            self._fd = -1


def parse(line: str) -> str | None:
    """The submission id of a progress line, or None for anything else."""
    kind, _, submission = line.strip().partition(" ")
    return submission if kind == "done" and submission else None
