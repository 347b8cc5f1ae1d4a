"""What the class report and the exports show, gathered from dlgrade's results files only.

:func:`load_class` is the one reader (through :func:`grader.results.read_report`, fail-closed);
everything else here is pure: typed, frozen values computed from the learners' reports. No
learner module is ever imported: a report is built from what the batch wrote.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from grader.catalogue import POINTS
from grader.paths import feedback_dir, results_dir
from grader.results import Report, read_report

TOP_FAILURES: Final = 3
"""Failure groups shown per function."""
MAX_BINS: Final = 30
"""Bars of the score histogram at most: one per point up to this many points, else this many equal ranges."""


@dataclass(frozen=True)
class Learner:
    """One graded submission, as the batch left it.

    Attributes:
        student: the student id (the results file's name, which is the ``submitted/`` folder's).
        report: the submission's results, read fail-closed.
        feedback: the Markdown feedback the batch wrote for it, where it exists.
    """

    student: str
    report: Report
    feedback: Path | None = None

    @property
    def grading_seconds(self) -> float:
        """Seconds the grading session spent on this submission."""
        return sum(m.grading_seconds for m in self.report.modules)

    @property
    def learner_seconds(self) -> float:
        """Seconds the learner's functions ran (reported by the learner's process: diagnostics only)."""
        return sum(m.learner_seconds for m in self.report.modules)


@dataclass(frozen=True)
class FailureGroup:
    """Learners whose function failed with messages that differ only in numbers, shapes or quoted text."""

    pattern: str
    example: str
    count: int


@dataclass(frozen=True)
class FunctionSummary:
    """How the class did on one function."""

    name: str
    max_points: float
    graded: int
    passed: int
    mean_points: float
    failures: tuple[FailureGroup, ...]

    @property
    def pass_rate(self) -> float:
        """Share of the learners with every check passed (0 for an empty class)."""
        return self.passed / self.graded if self.graded else 0.0


@dataclass(frozen=True)
class Bin:
    """One bar of the score histogram: the totals in ``low`` ≤ score < ``high`` (the last bar includes ``high``)."""

    low: float
    high: float
    scores: tuple[float, ...]


@dataclass(frozen=True)
class ClassSummary:
    """Everything the class report shows about one assignment."""

    assignment: str
    max_total: float
    learners: tuple[Learner, ...]
    functions: tuple[FunctionSummary, ...]
    bins: tuple[Bin, ...]
    isolation: tuple[str, ...]

    @property
    def scores(self) -> tuple[float, ...]:
        """Every learner's total, in the learners' order."""
        return tuple(learner.report.total for learner in self.learners)


def load_class(course_dir: Path, assignment: str) -> tuple[Learner, ...]:
    """Every graded submission of ``assignment`` in the course, ordered by student id.

    Raises:
        KeyError: if the assignment is not a catalogue module.
    """
    if assignment not in POINTS:
        raise KeyError(f"unknown assignment {assignment!r}")
    expected = {assignment: dict(POINTS[assignment])}
    feedback = feedback_dir(course_dir, assignment)
    learners = []
    for path in sorted(results_dir(course_dir, assignment).glob("*.json")):
        md = feedback / f"{path.stem}.md"
        learners.append(Learner(path.stem, read_report(path, expected), md if md.is_file() else None))
    return tuple(learners)


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_TUPLE = re.compile(r"\(\s*-?\d+\s*(?:,\s*-?\d+\s*)*,?\s*\)")
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w])|\b(?:nan|inf)\b")
_RUN = re.compile(r"#(?:[\s,]+#)+")


def message_pattern(message: str) -> str:
    """A message with its particulars blanked, so that the same mistake groups across learners.

    Quoted text becomes ``'…'``, shapes in any spelling (``(3, 2)``, ``(3,2)``, ``(3,)``) ``(…)``,
    numbers ``#`` (a run of them, as in a printed array, one ``#…``).
    """
    pattern = _QUOTED.sub("'…'", message)
    pattern = _TUPLE.sub("(…)", pattern)
    pattern = _NUMBER.sub("#", pattern)
    return _RUN.sub("#…", pattern).strip()


def _failures(messages: Sequence[str]) -> tuple[FailureGroup, ...]:
    groups: dict[str, list[str]] = {}
    for message in messages:
        groups.setdefault(message_pattern(message), []).append(message)
    ranked = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return tuple(FailureGroup(pattern, found[0], len(found)) for pattern, found in ranked[:TOP_FAILURES])


def summarise_function(name: str, max_points: float, learners: Sequence[Learner], assignment: str) -> FunctionSummary:
    """The class's pass rate, mean points and most common failures on one function."""
    results = [learner.report.module(assignment).function(name) for learner in learners]
    failed = [r.message for r in results if r.status != "passed"]
    mean = statistics.fmean(r.points for r in results) if results else 0.0
    return FunctionSummary(name, max_points, len(results), len(results) - len(failed), round(mean, 2), _failures(failed))


def bins_for(max_total: float) -> int:
    """How many bars the histogram of an assignment worth ``max_total`` points has: one per point, at most MAX_BINS."""
    return max(1, min(MAX_BINS, math.ceil(max_total)))


def histogram(scores: Sequence[float], max_total: float, bins: int = MAX_BINS) -> tuple[Bin, ...]:
    """``bins`` equal score ranges from 0 to ``max_total`` with the totals falling into each."""
    width = max_total / bins if max_total > 0 else 1.0
    members: list[list[float]] = [[] for _ in range(bins)]
    for score in scores:
        members[min(bins - 1, max(0, int(score / width)))].append(score)
    return tuple(Bin(round(i * width, 2), round((i + 1) * width, 2), tuple(sorted(m))) for i, m in enumerate(members))


def summarise(assignment: str, learners: Sequence[Learner]) -> ClassSummary:
    """The class report's content for ``learners`` (as :func:`load_class` returns them).

    Raises:
        KeyError: if the assignment is not a catalogue module.
    """
    points = POINTS[assignment]
    max_total = float(sum(points.values()))
    functions = tuple(summarise_function(name, float(p), learners, assignment) for name, p in points.items())
    isolation = tuple(sorted({learner.report.isolation or "unknown" for learner in learners}))
    bins = histogram([learner.report.total for learner in learners], max_total, bins_for(max_total))
    return ClassSummary(assignment, max_total, tuple(learners), functions, bins, isolation)
