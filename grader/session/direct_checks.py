"""Plugin objects of a grading session that spare it work nobody looks at.

* :class:`QuickExit`: the session's process ends without the interpreter's teardown.
* Passed checks recorded without pytest reports: :class:`grader.compat.DirectChecks` (it mirrors
  pytest's private ``runtestprotocol``, so it lives with the other hooks that rely on upstream details).
"""

from __future__ import annotations

import os
import sys

import pytest


class QuickExit:
    """A grading session ends without the interpreter's teardown (a plugin object).

    Once everything is written (results file, terminal summary, warm runners stopped), Python's
    finalisation — freeing every module and object of a session that imported pytest, NumPy and
    Hypothesis and ran thousands of checks — only delays the batch, which waits for the session
    to end. Registered when the session's spec says ``quick_exit`` (what
    :func:`grader.api.run_session` starts is a process of its own, never a test's inline pytest);
    the exit status is pytest's own.
    """

    def __init__(self) -> None:
        """No exit status until the session has finished."""
        self._status = int(pytest.ExitCode.INTERNAL_ERROR)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, exitstatus: int) -> None:
        """Remember the session's exit status."""
        self._status = int(exitstatus)

    @pytest.hookimpl(trylast=True)
    def pytest_unconfigure(self) -> None:
        """After every other plugin's unconfigure: flush the output and exit."""
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(self._status)
