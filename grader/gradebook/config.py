"""A course's ``nbgrader_config.py``: written by :func:`~grader.gradebook.course.init_course`, read back."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Final

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from grader.paths import REPO

CONFIG_FILE: Final = "nbgrader_config.py"

CONFIG_TEMPLATE: Final = '''\
"""nbgrader configuration of a dlgrade course (written by grader.gradebook.course.init_course).

The learner's work is <module>.py; <module>.ipynb only holds locked autograder cells that
grade it with dlgrade. Paths are relative to this file, so the folder can be moved.
"""

import os
import sys

c = get_config()  # noqa: F821 - defined by traitlets when nbgrader loads this file
HERE = os.path.dirname(os.path.abspath(__file__))
DLGRADE_REPO = {repo!r}

# `grader` must be importable here and in the kernels that autograde starts.
if DLGRADE_REPO not in sys.path:
    sys.path.insert(0, DLGRADE_REPO)
_paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != DLGRADE_REPO]
os.environ["PYTHONPATH"] = os.pathsep.join([DLGRADE_REPO, *_paths])

c.CourseDirectory.root = HERE
c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(HERE, "gradebook.db")

# Autograde must grade the learner's <module>.py, not the stub in source/.
c.Autograde.exclude_overwriting = {exclude!r}

# Only the assignment's grade cells run: foreign code cells are dropped, deleted ones re-added.
c.OverwriteCells.add_missing_cells = True
c.Autograde.sanitize_preprocessors = {sanitize!r}

# Kernels never import from the submission folder (a learner's grader/ or numpy.py);
# the first cell of a notebook grades the whole module, hence the long timeout.
c.Execute.extra_arguments = ["--IPKernelApp.ignore_cwd=True"]
c.Execute.timeout = {timeout!r}
'''
DATA_TEMPLATE: Final = '''
# Shared data (MNIST, Keras datasets) for the checks; the environment's value wins.
os.environ.setdefault("DLGRADE_DATA", {data!r})
'''

SANITIZE_PREPROCESSORS: Final = (
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "grader.gradebook.sanitize.DropUngradedCode",
    "nbgrader.preprocessors.CheckCellMetadata",
)


def write_config(
    course_dir: Path, modules: Sequence[str], *, course_id: str, timeout: int, data_dir: Path | None = None
) -> Path:
    """Write ``nbgrader_config.py`` for the given modules; its path."""
    text = CONFIG_TEMPLATE.format(
        repo=str(REPO),
        course_id=course_id,
        exclude={module: [f"{module}.py"] for module in modules},
        sanitize=list(SANITIZE_PREPROCESSORS),
        timeout=timeout,
    )
    if data_dir is not None:
        text += DATA_TEMPLATE.format(data=str(data_dir))
    path = course_dir / CONFIG_FILE
    path.write_text(text, encoding="utf-8")
    return path


def load_config(course_dir: Path) -> Config:
    """Load the course's ``nbgrader_config.py`` as a traitlets config, rooted at ``course_dir``."""
    config = Config()
    if (course_dir / CONFIG_FILE).is_file():
        config.merge(PyFileConfigLoader(CONFIG_FILE, path=str(course_dir)).load_config())
    config.CourseDirectory.root = str(course_dir.resolve())
    return config
