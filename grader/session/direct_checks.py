"""Grading sessions run each check without building pytest reports for what passed (a plugin object).

pytest's ``pytest_runtest_protocol`` announces each check (``logstart``/``logfinish``, which
compute its location), builds a ``TestReport`` for each of its three phases (setup, call,
teardown) through ``pytest_runtest_makereport`` and hands each one to
``pytest_runtest_logreport`` (the terminal's progress and statistics). A grading session of 15
``tensor_ops`` submissions runs ~2,400 checks; nobody reads those reports — results go to the
results file — and they cost about 0.1 s of the session's CPU per submission.

:class:`DirectChecks` runs the same phases through the same hooks (``pytest_runtest_setup``,
``_call``, ``_teardown``: fixtures, the replay of recorded examples, everything else as before)
and records a phase that passed directly (:func:`grader.session.plugin.record_phase`); a phase that
failed takes pytest's usual way (report, the plugin's message instead of the traceback, log), so
the session's output and exit status still show every failure. Registered in sessions started
with ``--dlgrade-direct`` (:func:`grader.api.run_session` passes it); a learner's own ``pytest``
keeps pytest's usual reports.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Literal

import _pytest.fixtures
import pytest

Phase = Literal["setup", "call", "teardown"]


class DirectChecks:
    """``pytest_runtest_protocol`` recording passed phases without a report."""

    def __init__(self, record: Callable[[pytest.Item, str, BaseException | None, float], object],
                 after: Callable[[str], None] | None = None) -> None:
        """``record(item, when, error, seconds)`` records a passed phase; ``after(nodeid)`` runs after each check."""
        self._record = record
        self._after = after

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> bool:
        """Run setup, call (if the setup passed) and teardown of one check."""
        ihook = item.ihook
        try:
            if self._phase(item, "setup", ihook.pytest_runtest_setup):
                self._phase(item, "call", ihook.pytest_runtest_call)
            if item.session.shouldfail or item.session.shouldstop:
                nextitem = None  # as pytest does: tear everything down
            self._phase(item, "teardown", ihook.pytest_runtest_teardown, nextitem=nextitem)
        finally:
            if hasattr(item, "_request"):  # as pytest's runtestprotocol: the check's fixtures go away
                item._request = False
                item.funcargs = None  # type: ignore[attr-defined]
        if self._after is not None:
            self._after(item.nodeid)
        return True

    def _phase(self, item: pytest.Item, when: Phase, hook: Callable[..., object], **kwargs: object) -> bool:
        """Run one phase; whether it passed."""
        call = pytest.CallInfo.from_call(lambda: hook(item=item, **kwargs), when=when,
                                         reraise=(pytest.exit.Exception, KeyboardInterrupt))
        if call.excinfo is None:
            self._record(item, when, None, call.duration)
            return True
        report = item.ihook.pytest_runtest_makereport(item=item, call=call)
        item.ihook.pytest_runtest_logreport(report=report)
        return False


REQUEST_LAMBDA = "RequestFixtureDef.__init__.<locals>.<lambda>"
"""The function pytest 9 wraps every ``request`` it hands out in (``lambda: request``): no arguments."""


def _without_signature(original: Callable[..., tuple[str, ...]]) -> Callable[..., tuple[str, ...]]:
    def getfuncargnames(function: Callable[..., object], *, name: str = "", cls: type | None = None) -> tuple[str, ...]:
        if getattr(function, "__qualname__", None) == REQUEST_LAMBDA and function.__module__ == "_pytest.fixtures":
            return ()
        return original(function, name=name, cls=cls)

    getfuncargnames.dlgrade_original = original  # type: ignore[attr-defined]
    return getfuncargnames


def skip_request_signatures() -> None:
    """Stop pytest from reading the signature of its own ``request`` wrapper once per parameter of every check.

    pytest 9 builds a ``RequestFixtureDef`` whenever a fixture asks for ``request`` — every direct
    parameter of a parametrized check does, twice — and its ``FixtureDef.__init__`` runs
    ``getfuncargnames`` (``inspect.signature``) on the new ``lambda: request`` each time: ~700
    times per ``tensor_ops`` submission, about 8 % of a grading session's CPU. That lambda takes
    no arguments; every other function still goes to pytest's own ``getfuncargnames`` (and a pytest
    whose wrapper is named otherwise is left to it entirely). Installed once, in grading sessions.
    """
    namespace = vars(_pytest.fixtures)  # the name FixtureDef.__init__ looks up
    if not hasattr(namespace["getfuncargnames"], "dlgrade_original"):
        namespace["getfuncargnames"] = _without_signature(namespace["getfuncargnames"])


class QuickExit:
    """A grading session ends without the interpreter's teardown (a plugin object).

    Once everything is written (results file, terminal summary, warm runners stopped), Python's
    finalisation — freeing every module and object of a session that imported pytest, NumPy and
    Hypothesis and ran thousands of checks — took a quarter of a second, during which the batch
    waited for the session to end. Registered with ``--dlgrade-quick-exit`` (what
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
