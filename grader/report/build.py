"""``dlgrade report``: the class report of one assignment, written from the batch's results files."""

from __future__ import annotations

from pathlib import Path

from grader.paths import assignment_output, results_dir, write_atomically
from grader.report.data import load_class, summarise
from grader.report.page import render_html


def default_output(course_dir: Path, assignment: str, lang: str) -> Path:
    """``COURSE/dlgrade/<assignment>/report.html`` (``report.zh.html`` in Chinese), beside the feedback folder."""
    return assignment_output(course_dir, assignment) / ("report.html" if lang == "en" else f"report.{lang}.html")


def build_report(course_dir: Path, assignment: str, *, lang: str = "en", output: Path | None = None) -> Path:
    """Write the class report of ``assignment`` and return its path.

    Raises:
        KeyError: if the assignment is not a catalogue module.
        ValueError: if nothing of the assignment was graded in this course yet.
    """
    learners = load_class(course_dir, assignment)
    source = results_dir(course_dir, assignment)
    if not learners:
        raise ValueError(f"no results of {assignment!r} in {source}: run `dlgrade grade {assignment} --course "
                         f"{course_dir}` first")
    path = Path(output) if output is not None else default_output(course_dir, assignment, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    html = render_html(summarise(assignment, learners), lang, link_base=path.parent.resolve(), source=str(source))
    write_atomically(path, html)
    return path
