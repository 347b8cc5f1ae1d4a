"""Per-submission progress out of a grading session: one line per graded submission.

A session grades its submissions one after another (the ``learner`` fixture is parametrised
per module, so pytest groups each submission's checks). As soon as the last check of a
submission has run, the line ``done <submission id>`` goes to the file descriptor named by
the session's spec (``progress_fd``), so the batch grader's progress bar moves per submission, not
per session. The lines are progress only: results come from results files, never from here — one
per submission, written just before its line (the spec's ``results``), so the batch can record a
submission while the next is graded.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from grader.session.files import done_line


class SessionProgress:
    """A pytest plugin object writing ``done <id>`` lines to a file descriptor."""

    def __init__(self, fd: int, submission_of: Callable[[pytest.Item], str],
                 before_done: Callable[[str], None] | None = None) -> None:
        """Write to ``fd``; ``submission_of`` tells which submission a check grades.

        ``before_done`` is called with a submission's id just before its line is written (the
        plugin writes the submission's own results file there). A negative ``fd`` writes no lines.
        """
        self._fd = fd
        self._submission_of = submission_of
        self._before_done = before_done
        self._last: dict[str, str] = {}  # node id of a submission's last check → submission id

    @pytest.hookimpl(trylast=True)  # after pytest has put the checks in their final order
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        """Find each submission's last check."""
        last = {self._submission_of(item): item.nodeid for item in items}
        self._last = {nodeid: submission for submission, nodeid in last.items()}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """After the teardown of a submission's last check, report the submission done."""
        if report.when == "teardown":
            self.finished(report.nodeid)

    def finished(self, nodeid: str) -> None:
        """A check has run, teardown included: if it was its submission's last, report the submission done.

        (Called by the teardown report's hook, or directly where passed checks get no reports:
        :class:`grader.session.direct_checks.DirectChecks`.)
        """
        if nodeid in self._last:
            submission = self._last.pop(nodeid)
            if self._before_done is not None:
                self._before_done(submission)
            self._write(done_line(submission))

    def _write(self, line: str) -> None:
        if self._fd < 0:
            return
        try:
            os.write(self._fd, line.encode("utf-8"))
        except OSError:  # the reader went away: progress is optional, grading goes on
            self._fd = -1

