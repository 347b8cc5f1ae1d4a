"""Grade the reference solutions once, when a course is made: a check of the course, and a warm start for batches.

Grading sessions keep what does not depend on any learner on disk, in the course
(``dlgrade/reference-cache``, out of learners' reach): Keras reference results and the
examples Hypothesis's engine found for each ``@given`` check. A session that finds them
replays them; one that does not computes them, which costs more than grading many
submissions — and the parallel sessions of a course's first batch would each pay it. Grading
the reference solution with the hidden suites when the course is made fills the cache for
every later batch, and shows the instructor that the solution earns every point (if it does
not, the suite or the solution is wrong, and no learner should be graded by it yet).

Keras model modules are not graded here (their checks train models and have nothing to cache).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from grader.api import run_session
from grader.batch.context import reference_cache
from grader.catalogue import KERAS_MODULES
from grader.paths import SOLUTIONS
from grader.results import ModuleResult

"""The reference solutions of a project checkout."""


def primable(modules: Sequence[str], solutions_dir: Path = SOLUTIONS) -> list[str]:
    """The modules :func:`prime` grades: NumPy modules whose solution is at hand."""
    return [m for m in modules if m not in KERAS_MODULES and (solutions_dir / f"{m}.py").is_file()]


def prime(course_dir: Path, modules: Sequence[str], solutions_dir: Path = SOLUTIONS) -> dict[str, ModuleResult]:
    """Grade the solutions of ``modules`` (see :func:`primable`) in one hidden session, with the course's cache.

    Returns:
        module → the solution's result (a module left out is not in it).
    """
    wanted = primable(modules, solutions_dir)
    if not wanted:
        return {}
    course_dir = Path(course_dir).resolve()
    with tempfile.TemporaryDirectory(prefix="dlgrade-solution-") as tmp:
        for module in wanted:
            shutil.copyfile(solutions_dir / f"{module}.py", Path(tmp) / f"{module}.py")
        report = run_session({"solution": Path(tmp)}, wanted, hidden=True, hide=(course_dir,),
                             reference_cache=reference_cache(course_dir))["solution"]
    return {m.name: m for m in report.modules}
