"""The README's main job: a demo class graded through nbgrader's gradebook.

A dozen learners are made from the project's demo submissions (``demo/learners/``: full
marks, partial, untouched stubs, a crash, an infinite loop, a cheater who monkeypatches
NumPy, one who writes into the gradebook …), submitted to an nbgrader course, graded with
:func:`grader.batch.pipeline.grade_assignment` and shown as nbgrader's gradebook has them.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from grader.batch.pipeline import grade_assignment
from grader.batch.progress import ProgressBar
from grader.paths import EXERCISES, REPO, SOLUTIONS, feedback_dir
from grader.results import WEAK_PROMISES
from grader.runner.sandbox import detect_level, namespaces_unavailable

LEARNERS = REPO / "demo" / "learners"
ASSIGNMENTS = ("tensor_ops", "losses", "mnist")
OPTIONAL = frozenset({"mnist"})
"""Assignments only some learners hand in: those with their own ``<module>.py`` in their folder
(training the book's network takes seconds per submission, so the demo keeps that class small)."""
DESTRUCTIVE = "destructive.txt"
"""A demo learner whose folder holds this file attacks whatever its process can reach (it says how):
graded only at the ``namespaces`` isolation level, left out of the class below it."""
MARKER = ".dlgrade-demo"
"""A folder holding this file was made by the demo and may be replaced by it."""


class DemoUnavailable(RuntimeError):
    """The demo needs a project checkout (solutions and demo learners)."""


def learner_source(student: str, module: str) -> str:
    """The module a demo learner submits: the solution or the stub, plus their own changes."""
    folder = LEARNERS / student
    base = (folder / "base.txt").read_text(encoding="utf-8").strip()
    origin = (SOLUTIONS if base == "solution" else EXERCISES) / f"{module}.py"
    source = origin.read_text(encoding="utf-8")
    if base == "solution":
        source = "\n".join(line for line in source.splitlines() if "SOLUTION" not in line) + "\n"
    override = folder / f"{module}.py"
    if override.is_file():
        source += "\n\n" + override.read_text(encoding="utf-8")
    return source


def destructive(student: str) -> bool:
    """Whether a demo learner attacks the machine it runs on (see :data:`DESTRUCTIVE`)."""
    return (LEARNERS / student / DESTRUCTIVE).is_file()


def class_at(level: str, why_not: str | None, echo: Callable[[str], None]) -> list[str]:
    """The demo learners to grade at isolation ``level``: all at ``namespaces``, else all but the destructive ones."""
    students = sorted(p.name for p in LEARNERS.iterdir() if p.is_dir())
    if level == "namespaces":
        echo("Isolation: 'namespaces' -- every learner runs in its own sandbox, the cheaters included")
        return students
    left_out = [s for s in students if destructive(s)]
    echo(f"Isolation: only {level!r} on this machine ({why_not}); {WEAK_PROMISES[level]}.")
    echo(f"Left out, as they would attack this machine: {', '.join(left_out)} "
         f"({'; '.join((LEARNERS / s / DESTRUCTIVE).read_text(encoding='utf-8').strip() for s in left_out)})")
    return [s for s in students if s not in left_out]


def submits(student: str, assignment: str) -> bool:
    """Whether a demo learner hands in this assignment (every one, but the :data:`OPTIONAL` ones)."""
    return assignment not in OPTIONAL or (LEARNERS / student / f"{assignment}.py").is_file()


def submit(course_dir: Path, student: str, assignment: str, when: datetime) -> Path:
    """Put one demo learner's submission where ``nbgrader collect`` would."""
    folder = course_dir / "submitted" / student / assignment
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copy(course_dir / "release" / assignment / f"{assignment}.ipynb", folder)
    (folder / f"{assignment}.py").write_text(learner_source(student, assignment), encoding="utf-8")
    (folder / "timestamp.txt").write_text(when.strftime("%Y-%m-%d %H:%M:%S.%f UTC"), encoding="utf-8")
    return folder


def run_demo(
    course_dir: Path,
    assignments: Sequence[str] = ASSIGNMENTS,
    *,
    workers: int | None = None,
    echo: Callable[[str], None] = print,
) -> None:
    """Create the demo course, submit every demo learner, grade, print the gradebook, write the class reports.

    Raises:
        DemoUnavailable: outside a project checkout.
        FileExistsError: if ``course_dir`` exists and was not made by the demo.
    """
    from grader.batch.executor import LocalPool
    from grader.batch.prime import primable, prime
    from grader.gradebook.course import init_course
    from grader.gradebook.table import format_table, gradebook_table
    from grader.report.build import build_report

    if not LEARNERS.is_dir() or not SOLUTIONS.is_dir():
        raise DemoUnavailable("the demo needs the dlgrade project checkout (solutions/ and demo/learners/)")
    course_dir = Path(course_dir).resolve()
    if course_dir.exists():
        if not (course_dir / MARKER).exists():
            raise FileExistsError(f"{course_dir} exists and is not a dlgrade demo course; choose another folder")
        shutil.rmtree(course_dir)
    echo(f"Creating the nbgrader course {course_dir} ({', '.join(assignments)}) ...")
    init_course(course_dir, assignments)
    (course_dir / MARKER).write_text("made by `dlgrade demo`; replaced on the next run\n", encoding="utf-8")
    echo(f"Grading the reference solutions of {', '.join(primable(assignments))} once (fills the course's cache) ...")
    for name, result in prime(course_dir, assignments).items():
        echo(f"  {name}: the solution scores {result.points:g}/{result.max_points:g}")
    level = detect_level()
    students = class_at(level, namespaces_unavailable() if level != "namespaces" else None, echo)
    now = datetime.now(UTC).replace(tzinfo=None)
    for assignment in assignments:
        handed_in = [student for student in students if submits(student, assignment)]
        for student in handed_in:
            submit(course_dir, student, assignment, now)
        echo(f"{assignment}: {len(handed_in)} of {len(students)} learners submitted")
    echo("Grading (learner code isolated, one process per submission) ...")
    for assignment in assignments:
        # below namespaces the destructive learners are out of the class: the rest may run there
        ctx = grade_assignment(course_dir, assignment, executor=LocalPool(workers),
                               progress=ProgressBar(f"grading {assignment}"), allow_weak_isolation=True)
        for error in ctx.errors:
            echo(f"  ! {error}")
        isolation = {g.report.isolation for g in ctx.graded}
        echo(f"\nnbgrader gradebook — {assignment} (isolation: {', '.join(sorted(isolation))})")
        echo(format_table(gradebook_table(course_dir, assignment)))
        echo(f"feedback: {feedback_dir(course_dir, assignment)}   per-function CSV: {ctx.out_dir / 'results.csv'}")
        echo(f"class report (opens from disk): {build_report(course_dir, assignment)}")
    echo(f"\nTry: cd {course_dir} && nbgrader export   (or nbgrader formgrader; nbgrader generate_feedback ASSIGNMENT)")
