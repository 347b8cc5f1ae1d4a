"""An nbgrader course directory for dlgrade modules, and the learner release of each module.

``source/<module>/`` holds ``<module>.ipynb`` (locked autograder cells, see
:mod:`grader.gradebook.notebook`) and ``<module>.py`` (the learner's stub from ``exercises/``).
``nbgrader generate_assignment`` (the real CLI) then records the assignment, notebook and
grade cells in the course's SQLite gradebook and writes ``release/<module>/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from grader.catalogue import MODULES, POINTS
from grader.gradebook.config import write_config
from grader.gradebook.leaks import ReleaseLeakError, find_leaks
from grader.gradebook.notebook import module_notebook, write_notebook
from grader.paths import EXERCISES, HIDDEN, SOLUTIONS

DEFAULT_COURSE_ID: Final = "dlgrade-demo"
CELL_TIMEOUT: Final = 3900
"""Seconds a grade cell may run. The first cell grades the whole module; this exceeds the core's
own session limit (``grader.api.SESSION_TIMEOUT``, 3600 s) so that its fail-closed result, not
an interrupted kernel, decides."""


def nbgrader_env() -> dict[str, str]:
    """Return the environment for the nbgrader CLI: this interpreter's ``bin`` first on ``PATH``.

    nbgrader shells out to ``alembic`` when it creates a gradebook.
    """
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def run_nbgrader(
    course_dir: Path, *args: str, check: bool = True, timeout: float = 3600
) -> subprocess.CompletedProcess[str]:
    """Run the real ``nbgrader`` CLI in ``course_dir``.

    Raises:
        subprocess.CalledProcessError: if it fails and ``check`` (output in the message).

    """
    command = [str(Path(sys.executable).parent / "nbgrader"), *args]
    proc = subprocess.run(command, cwd=course_dir, env=nbgrader_env(), capture_output=True, text=True,
                          timeout=timeout, check=False)
    if check and proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, command, proc.stdout, proc.stderr)
    return proc


def init_course(
    course_dir: Path,
    modules: Sequence[str] = MODULES,
    exercises_dir: Path = EXERCISES,
    *,
    course_id: str = DEFAULT_COURSE_ID,
    cell_timeout: int = CELL_TIMEOUT,
    data_dir: Path | None = None,
) -> None:
    """Create (or regenerate) an nbgrader course with one assignment per module.

    ``data_dir`` (default: ``$DLGRADE_DATA`` now, if set) becomes the kernels' default
    ``DLGRADE_DATA`` (the shared MNIST/Keras data some checks need).

    Raises:
        KeyError: for a module that is not in the catalogue.
        FileNotFoundError: if ``exercises_dir/<module>.py`` is missing.
        ReleaseLeakError: if a release would contain solution code or hidden tests.
        subprocess.CalledProcessError: if ``nbgrader generate_assignment`` fails.

    """
    unknown = [module for module in modules if module not in POINTS]
    if unknown:
        raise KeyError(f"not catalogue modules: {', '.join(unknown)}; known: {', '.join(MODULES)}")
    stubs = {module: Path(exercises_dir) / f"{module}.py" for module in modules}
    missing = [str(path) for path in stubs.values() if not path.is_file()]
    if missing:
        raise FileNotFoundError(f"learner stubs missing (generate them first): {', '.join(missing)}")
    course_dir = Path(course_dir).resolve()
    course_dir.mkdir(parents=True, exist_ok=True)
    for module in modules:
        source = course_dir / "source" / module
        source.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stubs[module], source / f"{module}.py")
        write_notebook(module_notebook(module), source / f"{module}.ipynb")
    present = {path.name for path in (course_dir / "source").iterdir() if path.is_dir()}
    data = data_dir or os.environ.get("DLGRADE_DATA")
    # every assignment of the course (also ones from earlier calls) keeps its learner file
    write_config(course_dir, [m for m in MODULES if m in present], course_id=course_id, timeout=cell_timeout,
                 data_dir=None if data is None else Path(data).resolve())
    every = present == set(modules)
    if every:  # one nbgrader run for the whole course: a few seconds instead of a few per module
        run_nbgrader(course_dir, "generate_assignment", "*", "--force")
    for module in modules:
        if every:
            check_release(course_dir, module)
        else:
            release(course_dir, module)


def release(
    course_dir: Path,
    module: str,
    *,
    solutions_dir: Path = SOLUTIONS,
    hidden_dir: Path = HIDDEN,
) -> Path:
    """Run ``nbgrader generate_assignment <module> --force``; the checked ``release/<module>/``.

    Raises:
        ReleaseLeakError: if the release holds solution markers or code, or hidden tests (the
            release folder is removed first).
        subprocess.CalledProcessError: if nbgrader fails.

    """
    course_dir = Path(course_dir).resolve()
    run_nbgrader(course_dir, "generate_assignment", module, "--force")
    return check_release(course_dir, module, solutions_dir=solutions_dir, hidden_dir=hidden_dir)


def check_release(
    course_dir: Path,
    module: str,
    *,
    solutions_dir: Path = SOLUTIONS,
    hidden_dir: Path = HIDDEN,
) -> Path:
    """Check ``release/<module>/`` for leaks (see :func:`grader.gradebook.leaks.find_leaks`); its path.

    Raises:
        ReleaseLeakError: if it leaks (the release folder is removed first).

    """
    released = Path(course_dir).resolve() / "release" / module
    leaks = find_leaks(released, solutions_dir=solutions_dir, hidden_dir=hidden_dir)
    if leaks:
        shutil.rmtree(released)
        raise ReleaseLeakError(released, leaks)
    return released

