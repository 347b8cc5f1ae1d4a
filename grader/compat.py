"""The one module that relies on private details of dlgrade's dependencies: only for hooks that pay.

A hook lives here only while it buys at least a tenth of an end-to-end figure of ``make bench``
(what each buys is in ``benchmarks/README.md``). Each one names the upstream versions it was
checked against (constants, compared when the hook is used: outside them the public path runs),
has a fallback to that public path, and has tests in ``tests/test_compat.py`` that fail loudly
when the upstream shape changes. No other module of ``grader/`` imports ``_pytest`` or reads a
private attribute of pytest, Hypothesis or nbgrader (``tests/test_compat.py`` checks).

* :class:`DirectChecks`: pytest's ``runtestprotocol`` without a report for each phase that passed
  (the public path: pytest's own protocol).
* :func:`defer_iri_grammar`: jsonschema's IRI format check without compiling its grammars at
  import (the public path: jsonschema imports ``rfc3987_syntax`` itself).
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
import importlib.util
import re
import sys
import types
from collections.abc import Callable
from typing import TYPE_CHECKING, Final, Literal

import pluggy

if TYPE_CHECKING:
    import pytest

hookimpl = pluggy.HookimplMarker("pytest")
"""``pytest.hookimpl`` without importing pytest: the batch process uses this module too, and never imports pytest."""

Version = tuple[int, int]
Range = tuple[Version, Version]

PYTEST: Final[Range] = ((9, 0), (10, 0))
"""pytest versions (lowest included, highest not) whose ``runtestprotocol`` :class:`DirectChecks` mirrors."""
JSONSCHEMA: Final[Range] = ((4, 24), (5, 0))
"""jsonschema versions whose format checker imports ``rfc3987_syntax.is_valid_syntax`` by name, at import."""
RFC3987_SYNTAX: Final[Range] = ((1, 1), (2, 0))
"""rfc3987_syntax versions whose ``is_valid_syntax(term, value)`` :func:`defer_iri_grammar` stands in for."""

IRI_SYNTAX: Final = "rfc3987_syntax"


@functools.cache
def installed(distribution: str) -> Version | None:
    """The installed (major, minor) version of ``distribution``, or None when it is absent or not numbered so."""
    try:
        text = importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None
    found = re.match(r"(\d+)\.(\d+)", text)
    return (int(found[1]), int(found[2])) if found else None


def supported(distribution: str, versions: Range) -> bool:
    """Whether the installed ``distribution`` is one of ``versions`` (a hook outside them takes the public path)."""
    version = installed(distribution)
    return version is not None and versions[0] <= version < versions[1]


Phase = Literal["setup", "call", "teardown"]


class DirectChecks:
    """``pytest_runtest_protocol`` recording passed phases without a report (a plugin object).

    pytest's own protocol announces each check (``logstart``/``logfinish``), builds a
    ``TestReport`` for each of its three phases and hands it to ``pytest_runtest_logreport``;
    nobody reads those of a grading session's passed checks (results go to the results file).
    This runs the same phases through the same hooks (``pytest_runtest_setup``, ``_call``,
    ``_teardown``: fixtures, the replay of recorded examples, everything else as before) and
    records a phase that passed with ``record``; a phase that failed takes pytest's usual way
    (report, log), so the session's output and exit status still show every failure. Registered
    in sessions whose spec says ``direct`` (:func:`grader.api.run_session`'s do); a learner's own
    ``pytest`` keeps pytest's usual reports.
    """

    def __init__(self, record: Callable[[pytest.Item, str, BaseException | None, float], object],
                 after: Callable[[str], None] | None = None) -> None:
        """``record(item, when, error, seconds)`` records a passed phase; ``after(nodeid)`` runs after each check."""
        self._record = record
        self._after = after

    @hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> bool | None:
        """Run setup, call (if the setup passed) and teardown of one check; None: pytest's own protocol runs it."""
        if not supported("pytest", PYTEST):
            return None
        ihook = item.ihook
        try:
            if self._phase(item, "setup", ihook.pytest_runtest_setup):
                self._phase(item, "call", ihook.pytest_runtest_call)
            if item.session.shouldfail or item.session.shouldstop:
                nextitem = None  # as pytest does: tear everything down
            self._phase(item, "teardown", ihook.pytest_runtest_teardown, nextitem=nextitem)
        finally:
            release_fixtures(item)
        if self._after is not None:
            self._after(item.nodeid)
        return True

    def _phase(self, item: pytest.Item, when: Phase, hook: Callable[..., object], **kwargs: object) -> bool:
        """Run one phase; whether it passed."""
        import pytest

        call = pytest.CallInfo.from_call(lambda: hook(item=item, **kwargs), when=when,
                                         reraise=(pytest.exit.Exception, KeyboardInterrupt))
        if call.excinfo is None:
            self._record(item, when, None, call.duration)
            return True
        report = item.ihook.pytest_runtest_makereport(item=item, call=call)
        item.ihook.pytest_runtest_logreport(report=report)
        return False


def release_fixtures(item: pytest.Item) -> None:
    """Let a check's fixture values go once it has run, as the end of pytest's ``runtestprotocol`` does."""
    if hasattr(item, "_request"):
        item._request = False  # pytest's mark of a request to rebuild on a rerun
        item.funcargs = None  # type: ignore[attr-defined]


def defer_iri_grammar() -> bool:
    """Let ``jsonschema`` import ``rfc3987_syntax`` without compiling its grammar until it is used.

    ``rfc3987_syntax`` (installed with ``jsonschema[format-nongpl]``, which Jupyter's event schemas
    pull in) compiles a Lark grammar for every IRI term when imported, and ``jsonschema`` imports it
    for its ``iri`` formats — so every nbgrader import paid for grammars that neither nbformat (its
    schema is draft 4, without IRI formats) nor nbgrader uses. This puts a stand-in module in
    ``sys.modules`` whose ``is_valid_syntax`` imports the real module (and hands over to it) on
    first call. Call it before anything imports ``jsonschema``.

    Returns:
        Whether the stand-in was installed: not when the package is missing or already imported,
        nor when jsonschema or rfc3987_syntax is outside :data:`JSONSCHEMA`, :data:`RFC3987_SYNTAX`.
    """
    if IRI_SYNTAX in sys.modules or importlib.util.find_spec(IRI_SYNTAX) is None:
        return False
    if not (supported("jsonschema", JSONSCHEMA) and supported("rfc3987-syntax", RFC3987_SYNTAX)):
        return False
    stand_in = types.ModuleType(IRI_SYNTAX, "Stand-in for rfc3987_syntax: the real module is imported on first use.")

    def is_valid_syntax(term: str, value: str) -> bool:
        if sys.modules.get(IRI_SYNTAX) is stand_in:
            del sys.modules[IRI_SYNTAX]
        real = importlib.import_module(IRI_SYNTAX)
        return bool(real.is_valid_syntax(term, value))

    stand_in.is_valid_syntax = is_valid_syntax  # type: ignore[attr-defined]
    sys.modules[IRI_SYNTAX] = stand_in
    return True
