"""``dlgrade export``: the course's results of one assignment written for Gradescope or Canvas."""

from __future__ import annotations

import json
from pathlib import Path

from grader.catalogue import POINTS
from grader.exports.canvas import IdColumn, canvas_csv
from grader.exports.gradescope import Visibility, gradescope_results
from grader.paths import assignment_output, results_dir, write_atomically
from grader.report.data import Learner, load_class


def _learners(course_dir: Path, assignment: str) -> tuple[Learner, ...]:
    learners = load_class(course_dir, assignment)
    if not learners:
        raise ValueError(f"no results of {assignment!r} in {results_dir(course_dir, assignment)}: "
                         f"run `dlgrade grade {assignment} --course {course_dir}` first")
    return learners


def export_gradescope(course_dir: Path, assignment: str, output: Path | None = None, *, lang: str = "en",
                      visibility: Visibility = "visible") -> list[Path]:
    """Write ``OUTPUT/<student>/results.json`` per graded submission (default OUTPUT: ``COURSE/dlgrade/<a>/gradescope``).

    Raises:
        KeyError: if the assignment is not a catalogue module.
        ValueError: if nothing of it was graded yet, or for an unknown visibility.
    """
    folder = Path(output) if output is not None else assignment_output(course_dir, assignment) / "gradescope"
    written = []
    for learner in _learners(course_dir, assignment):
        if learner.student in (".", "..") or Path(learner.student).name != learner.student:  # fail closed: stay in OUTPUT
            raise ValueError(f"student id {learner.student!r} is not a folder name: nothing written for it")
        path = folder / learner.student / "results.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        content = gradescope_results(learner.report, lang=lang, visibility=visibility)
        write_atomically(path, json.dumps(content, indent=2, ensure_ascii=False))
        written.append(path)
    return written


def export_canvas(course_dir: Path, assignment: str, output: Path | None = None, *, id_column: IdColumn = "SIS Login ID",
                  canvas_id: str | None = None, section: str = "") -> list[Path]:
    """Write the Canvas grades CSV (default: ``COURSE/dlgrade/<assignment>/canvas.csv``).

    Raises:
        KeyError: if the assignment is not a catalogue module.
        ValueError: if nothing of it was graded yet, or for an unknown identity column.
    """
    path = Path(output) if output is not None else assignment_output(course_dir, assignment) / "canvas.csv"
    grades = [(learner.student, learner.report.total) for learner in _learners(course_dir, assignment)]
    content = canvas_csv(grades, assignment, float(sum(POINTS[assignment].values())), id_column=id_column,
                         canvas_id=canvas_id, section=section)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, content)
    return [path]
