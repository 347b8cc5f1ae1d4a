"""What learners get back: `dlgrade grade`, then the real `nbgrader generate_feedback`, on an MNIST submission.

One MNIST training in all: a learner with the book's network whose ``preprocess`` raises an
exception carrying a ``<script>`` (the Keras checks train on the reference preprocessing, so
``train`` still trains and its learning curves are drawn).
"""

from __future__ import annotations

import base64
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbgrader import utils as nbutils

from grader.catalogue import POINTS
from grader.cli import main
from grader.gradebook.course import run_nbgrader
from grader.gradebook.db import submitted_timestamp
from grader.gradebook.feedback_cells import SUMMARY_ID
from grader.paths import SOLUTIONS

MODULE = "mnist"
STUDENT = "mallory"
SCRIPT = "<script>alert('feedback')</script>"
HOSTILE = f'''
def preprocess(images, labels):
    raise ValueError("{SCRIPT}")
'''
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _learner_source() -> str:
    """The reference mnist solution (marker lines dropped) with a preprocess that raises the script."""
    text = (SOLUTIONS / f"{MODULE}.py").read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if "SOLUTION" not in line) + "\n\n" + HOSTILE


@pytest.fixture(scope="module")
def feedback(course_template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A course where mallory's mnist was graded by `dlgrade grade` and rendered by `nbgrader generate_feedback`."""
    course = tmp_path_factory.mktemp("feedback-html") / "course"
    shutil.copytree(course_template, course)
    folder = course / "submitted" / STUDENT / MODULE
    folder.mkdir(parents=True)
    shutil.copyfile(course / "release" / MODULE / f"{MODULE}.ipynb", folder / f"{MODULE}.ipynb")
    (folder / f"{MODULE}.py").write_text(_learner_source(), encoding="utf-8")
    (folder / "timestamp.txt").write_text("2025-03-04 05:06:07.891011 UTC", encoding="utf-8")
    assert submitted_timestamp(course, MODULE, STUDENT) is not None
    assert main(["grade", MODULE, "--course", str(course), "--workers", "1"]) == 0
    run_nbgrader(course, "generate_feedback", MODULE, "--student", STUDENT)
    html = (course / "feedback" / STUDENT / MODULE / f"{MODULE}.html").read_text(encoding="utf-8")
    return course, html


@pytest.mark.slow
def test_feedback_html_shows_each_functions_message(feedback: tuple[Path, str]) -> None:
    """Every function's status and points are in the learner's HTML, passed ones too, with the reason for lost points."""
    _, html = feedback
    assert "preprocess: error, 0 of " in html or "preprocess: failed, 0 of " in html, html[-3000:]
    for function in ("build_model", "compile_model", "train"):
        assert f"{function}: passed, {POINTS[MODULE][function]:g} of {POINTS[MODULE][function]:g} points" in html


@pytest.mark.slow
def test_feedback_html_escapes_the_learners_script(feedback: tuple[Path, str]) -> None:
    """The learner's ``<script>`` reaches the HTML as text (escaped), never as a script element."""
    _, html = feedback
    assert "raised ValueError: &lt;script&gt;alert(" in html
    assert "<script>alert(" not in html


@pytest.mark.slow
def test_feedback_html_shows_the_summary(feedback: tuple[Path, str]) -> None:
    """The summary cell is rendered: its title, a row per function, the total and the isolation level."""
    course, html = feedback
    result = json.loads((course / "dlgrade" / MODULE / "results" / f"{STUDENT}.json").read_text(encoding="utf-8"))
    assert "Your results: mnist.py" in html
    assert "Each function's cell below shows its message" in html
    for function in POINTS[MODULE]:
        assert re.search(rf"<td>{function}</td>\s*<td>[\d.]+ / {POINTS[MODULE][function]:g}</td>", html), function
    total = result["total"]
    assert f"Total: {total:g} / {result['max_total']:g} points" in html
    assert f"isolation level: {result['isolation']}" in html


@pytest.mark.slow
def test_feedback_html_shows_the_learning_curves(feedback: tuple[Path, str]) -> None:
    """The train cell's learning curves are an embedded PNG image in the HTML."""
    _, html = feedback
    images = [tag for tag in re.findall(r"<img\b[^>]*>", html) if 'src="data:image/png;base64,' in tag]
    assert len(images) == 1
    alt = re.search(r'alt="([^"]*)"', images[0])
    data = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=\s]+)"', images[0])
    assert alt is not None and data is not None
    assert alt.group(1) == "learning curves of train: loss and accuracy per epoch"
    png = base64.b64decode(data.group(1))
    assert png.startswith(PNG_MAGIC) and len(png) > 5000


@pytest.mark.slow
def test_autograded_notebook_keeps_nbgrader_metadata(feedback: tuple[Path, str]) -> None:
    """Grade cells keep their release checksums and sources; the summary cell is not an nbgrader cell."""
    course, _ = feedback
    released = json.loads((course / "release" / MODULE / f"{MODULE}.ipynb").read_text(encoding="utf-8"))
    graded = nbformat.read(course / "autograded" / STUDENT / MODULE / f"{MODULE}.ipynb", as_version=4)
    grade_cells = [c for c in graded.cells if nbutils.is_grade(c)]
    assert [c.metadata.nbgrader.grade_id for c in grade_cells] == list(POINTS[MODULE])
    for cell in grade_cells:
        assert cell.metadata.nbgrader["checksum"] == nbutils.compute_checksum(cell)
    added = [c for c in graded.cells if c.get("id") == SUMMARY_ID]
    assert len(added) == 1 and added[0].cell_type == "markdown" and not added[0].metadata
    kept = [(c.cell_type, c.source, c.metadata) for c in graded.cells if c.get("id") != SUMMARY_ID]
    assert kept == [(c["cell_type"], "".join(c["source"]), c["metadata"]) for c in released["cells"]]
