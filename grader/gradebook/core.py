"""The one place the bridge calls the dlgrade grading core (:func:`grader.api.check_report`).

Imported dynamically so this package type-checks and imports whether or not the core is
there yet; everything else in the bridge goes through :func:`run_check`.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from grader.results import Report


class CoreUnavailableError(RuntimeError):
    """``grader.api.check_report`` cannot be imported."""


def _check_function() -> Any:
    try:
        api = importlib.import_module("grader.api")
    except ImportError as exc:
        raise CoreUnavailableError(f"the dlgrade grading core cannot be imported: {exc}") from exc
    check = getattr(api, "check_report", None)
    if not callable(check):
        raise CoreUnavailableError("grader.api has no check_report() yet: the dlgrade grading core is not installed")
    return check


def core_available() -> bool:
    """Tell whether :func:`grader.api.check_report` exists."""
    try:
        _check_function()
    except CoreUnavailableError:
        return False
    return True


def run_check(submission: Path, modules: Sequence[str], *, hidden: bool) -> Report:
    """Grade the ``<module>.py`` files in the folder ``submission``; its report.

    Raises:
        CoreUnavailableError: if the core is missing.
        TypeError: if the core returned something other than a report.

    """
    report = _check_function()(Path(submission), list(modules), hidden=hidden)
    if not isinstance(report, Report):
        raise TypeError(f"grader.api.check_report returned {type(report).__name__}, not a Report")
    return report
