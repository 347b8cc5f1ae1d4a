"""Grading the reference solutions when a course is made: their scores, and a warm cache for every batch."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.batch.context import reference_cache
from grader.batch.executor import LocalPool
from grader.batch.pipeline import grade_assignment
from grader.batch.prime import SOLUTIONS, primable, prime
from grader.catalogue import POINTS
from grader.cli import main
from tests.batch.helpers import ASSIGNMENT, REPO, clone, submit_class


@pytest.fixture(scope="module")
def primed(course_template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, float]]:
    """A copy of the tensor_ops course after the solution check `dlgrade course init` runs (with mnist asked too).

    Returns the course and the solution's points per primed module.
    """
    course = clone(course_template, tmp_path_factory.mktemp("primed") / "course")
    results = prime(course, [ASSIGNMENT, "mnist"])
    return course, {name: result.points for name, result in results.items()}


def _cache(course: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in reference_cache(course).iterdir()}


def test_numpy_modules_with_a_solution_are_primed() -> None:
    """Keras model modules (they train, and cache nothing) and modules without a solution file are left out."""
    assert primable(["tensor_ops", "mnist", "losses", "imdb"]) == ["tensor_ops", "losses"]
    assert primable(["tensor_ops"], Path("/nonexistent")) == []
    assert (SOLUTIONS / "tensor_ops.py").is_file()


def test_the_solution_earns_every_point_and_fills_the_course_cache(primed: tuple[Path, dict[str, float]]) -> None:
    """The reference solution scores full marks; the cache holds the Dense references and the recorded examples."""
    course, points = primed
    assert points == {ASSIGNMENT: float(sum(POINTS[ASSIGNMENT].values()))}
    names = list(_cache(course))
    assert any(n.startswith("_keras_dense-") for n in names), names
    assert any(n.startswith("examples-") for n in names), names  # Hypothesis's examples, recorded


def test_a_batch_after_priming_computes_nothing_new(primed: tuple[Path, dict[str, float]], tmp_path: Path) -> None:
    """A class graded after priming finds every reference and example in the cache: the cache is left as it was."""
    course = clone(primed[0], tmp_path / "course")
    before = _cache(course)
    submit_class(course)
    ctx = grade_assignment(course, ASSIGNMENT, executor=LocalPool(2))
    assert ctx.graded and not ctx.errors
    assert _cache(course) == before


def test_a_wrong_solution_shows_short_of_full_marks(primed: tuple[Path, dict[str, float]], tmp_path: Path) -> None:
    """A solution file with a realistic bug (naive_add that does not check shapes) is reported below full marks."""
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    source = (SOLUTIONS / f"{ASSIGNMENT}.py").read_text(encoding="utf-8")
    mutant = (REPO / "tests" / "mutants" / ASSIGNMENT / "add_bare_assert.py").read_text(encoding="utf-8")
    (solutions / f"{ASSIGNMENT}.py").write_text(f"{source}\n\n{mutant}", encoding="utf-8")
    result = prime(clone(primed[0], tmp_path / "course"), [ASSIGNMENT], solutions)[ASSIGNMENT]
    assert result.points < result.max_points
    assert next(f for f in result.functions if f.name == "naive_add").points < POINTS[ASSIGNMENT]["naive_add"]


@pytest.mark.slow
def test_course_init_reports_the_solutions_scores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`dlgrade course init` prints each primed module's solution score; --no-solution-check grades nothing."""
    assert main(["course", "init", str(tmp_path / "quick"), "--modules", "losses", "--no-solution-check"]) == 0
    assert not reference_cache(tmp_path / "quick").exists()
    capsys.readouterr()
    assert main(["course", "init", str(tmp_path / "course"), "--modules", "losses"]) == 0
    out = capsys.readouterr().out
    assert f"  losses: {sum(POINTS['losses'].values()):g}/{sum(POINTS['losses'].values()):g}\n" in out
    assert any(reference_cache(tmp_path / "course").iterdir())
