"""One function's entry of a dlgrade report, checked so that nbgrader can only get a plain number.

nbgrader reads a grade cell's score from the ``text/plain`` of its ``execute_result``; output
it cannot parse (``np.float64(1.5)``, ``nan``, a negative number) earns FULL marks, and a
number above the cell's points aborts the whole submission (see ``get_partial_grade`` in
``nbgrader/utils.py``). So every entry is checked here — the report is typed (a results file is
read by :func:`grader.results.read_report` alone), but whoever built it may have put NaN in a
float — and anything odd raises instead of producing output: an exception in a grade cell scores 0.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Final

from grader.feedback.echo import excerpt
from grader.feedback.messages import text
from grader.feedback.text import LABELS
from grader.results import STATUSES, Report

MESSAGE_LIMIT: Final = 2000
"""Characters of a result's message a grade cell prints (the last guard: the grading session bounds its
messages already, and every learner-derived field in them, see :mod:`grader.feedback.echo`)."""
TOLERANCE: Final = 1e-9
"""Points may exceed ``max_points`` by rounding noise this small (they are clamped)."""


class ResultMissingError(LookupError):
    """The dlgrade result has no entry for a function (its grade cell must score 0)."""


class ResultInvalidError(ValueError):
    """A dlgrade result entry that is not a well-formed score (its grade cell must score 0)."""


@dataclass(frozen=True)
class Entry:
    """A validated function entry: ``0 <= points <= max_points``, all finite."""

    module: str
    function: str
    points: float
    max_points: float
    status: str
    message: str

    @property
    def full_marks(self) -> bool:
        """Tell whether no point was lost."""
        return self.points >= self.max_points


def function_entry(report: Report, module: str, function: str) -> Entry:
    """Return the entry of ``module.function`` in a report, checked for nbgrader.

    Raises:
        ResultMissingError: if the module or the function is absent.
        ResultInvalidError: if the entry's points are not finite numbers within range, or its status is unknown.

    """
    try:
        graded = report.module(module)
    except KeyError:
        raise ResultMissingError(f"dlgrade returned no result for module {module!r}, so {function} scores 0") from None
    try:
        result = graded.function(function)
    except KeyError:
        raise ResultMissingError(f"dlgrade returned no result for {module}.{function}, so it scores 0") from None
    points = _number(result.points, "points", module, function)
    max_points = _number(result.max_points, "max_points", module, function)
    if result.status not in STATUSES or not isinstance(result.message, str):
        raise ResultInvalidError(f"malformed dlgrade result for {module}.{function}: status {result.status!r}")
    if points < 0 or max_points < 0 or points > max_points + TOLERANCE:
        raise ResultInvalidError(f"dlgrade result for {module}.{function} out of range: {points!r} of {max_points!r}")
    return Entry(module, function, min(points, max_points), max_points, str(result.status), result.message)


def _number(value: object, key: str, module: str, function: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ResultInvalidError(f"malformed dlgrade result for {module}.{function}: {key} = {value!r}")
    return float(value)


def feedback_text(entry: Entry, lang: str = "en") -> str:
    """Return what a grade cell prints above its score: function, status, points, then the message.

    The message is one line of at most :data:`MESSAGE_LIMIT` characters without control characters, whatever
    the results file holds: it lands in the autograded notebook the learner gets back (as plain text, which
    nbgrader's feedback HTML escapes).
    """
    lang = lang if lang in LABELS else "en"
    status = entry.status.replace("_", " ") if lang == "en" else LABELS[lang][entry.status]
    head = text("cell_head", lang, function=entry.function, status=status, points=entry.points,
                max_points=entry.max_points)
    return f"{head}\n{excerpt(entry.message, MESSAGE_LIMIT)}".rstrip()


def score_text(points: float) -> str:
    """Return the ``text/plain`` IPython shows for a returned score (``repr`` of a Python float)."""
    return repr(float(points))
