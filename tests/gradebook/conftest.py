"""Fixtures for the nbgrader bridge: a real nbgrader course (made once, copied per test), results."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest

from grader.catalogue import MODULES, POINTS
from grader.gradebook.config import REPO
from grader.gradebook.course import init_course
from grader.results import FunctionResult, ModuleResult, Report

ResultFactory = Callable[..., Report]
SubmitFactory = Callable[..., Path]
TIMESTAMP = datetime(2025, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)


def _stub_text(module: str) -> str:
    """Return the learner stub of a module: exercises/ if generated, else made from the solution."""
    real = REPO / "exercises" / f"{module}.py"
    if real.is_file():
        return real.read_text(encoding="utf-8")
    try:
        from grader.tools.stubs import make_stub

        return make_stub((REPO / "solutions" / f"{module}.py").read_text(encoding="utf-8"))
    except (ImportError, OSError, ValueError):
        body = "\n\n".join(f"def {f}(*args, **kwargs):\n    raise NotImplementedError" for f in POINTS[module])
        return f'"""Stub of {module}."""\n\n\n{body}\n'


@pytest.fixture(scope="session")
def stubs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Write every module's learner stub into a folder."""
    folder = tmp_path_factory.mktemp("exercises")
    for module in MODULES:
        (folder / f"{module}.py").write_text(_stub_text(module), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def course_template(tmp_path_factory: pytest.TempPathFactory, stubs_dir: Path) -> Path:
    """Make a course with all modules once, with init_course (the real nbgrader CLI)."""
    course = tmp_path_factory.mktemp("template") / "course"
    init_course(course, MODULES, stubs_dir)
    return course


@pytest.fixture
def course(course_template: Path, tmp_path: Path) -> Path:
    """Copy the template course for one test (its config is relative to its folder)."""
    copy = tmp_path / "course"
    shutil.copytree(course_template, copy)
    return copy


@pytest.fixture
def stamp() -> datetime:
    """Return the submission time every fixture submission carries (UTC, with microseconds)."""
    return TIMESTAMP


@pytest.fixture
def make_result() -> ResultFactory:
    """Build a dlgrade report: module → {function: fraction of its points}, default full marks."""

    def build(module: str, fractions: Mapping[str, float] | None = None, *, drop: tuple[str, ...] = ()) -> Report:
        functions = []
        for function, points in POINTS[module].items():
            if function in drop:
                continue
            share = (fractions or {}).get(function, 1.0)
            functions.append(FunctionResult(
                function, round(points * share, 2), float(points),
                "passed" if share == 1.0 else ("failed" if share else "not_implemented"),
                "all checks passed" if share == 1.0 else f"{function} lost points (secretless message)",
            ))
        return Report((ModuleResult(module, tuple(functions)),))

    return build


@pytest.fixture
def submit() -> SubmitFactory:
    """Put a submission in ``submitted/<student>/<module>/``: release notebook, learner file, timestamp."""

    def put(course: Path, student: str, module: str, code: str = "# learner code\n",
            timestamp: datetime = TIMESTAMP) -> Path:
        folder = course / "submitted" / student / module
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(course / "release" / module / f"{module}.ipynb", folder / f"{module}.ipynb")
        (folder / f"{module}.py").write_text(code, encoding="utf-8")
        (folder / "timestamp.txt").write_text(timestamp.strftime("%Y-%m-%d %H:%M:%S.%f UTC"), encoding="utf-8")
        return folder

    return put
