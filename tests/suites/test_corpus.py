"""The suites against the corpora: solutions, stubs, mutants and variants.

Each module is graded in one grading session (hidden suites, isolated runner) with every
submission of its corpus at once; the tests below read that session's reports.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from grader.api import run_session, suite_file
from grader.catalogue import MODULES, POINTS, USES
from grader.results import Report
from tests.suites.corpus import MUTANTS, ROOT, SOLUTIONS, VARIANTS, Override, load

EXERCISES = ROOT / "exercises"


@pytest.fixture(scope="session")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict[str, Report]]:
    """Module → reports of its whole corpus, graded once per module (hidden suites)."""
    cache: dict[str, dict[str, Report]] = {}

    def grade(module: str) -> dict[str, Report]:
        if module not in cache:
            tmp = tmp_path_factory.mktemp(module)
            subs: dict[str, Path] = {}
            only: dict[str, tuple[str, ...]] = {}
            for kind, path in (("solution", SOLUTIONS), ("stub", EXERCISES)):
                folder = tmp / kind
                folder.mkdir()
                shutil.copy(path / f"{module}.py", folder)
                subs[kind] = folder
            for override in [*load(MUTANTS), *load(VARIANTS)]:
                if override.module == module:
                    subs[override.id] = override.build(tmp)
                    only[override.id] = override.graded
            cache[module] = run_session(subs, [module], hidden=True, only=only)
        return cache[module]

    return grade


def _mutants(module: str) -> list[Override]:
    return [m for m in load(MUTANTS) if m.module == module]


def _hidden_tests(module: str) -> set[str]:
    tree = ast.parse(suite_file(module, hidden=True).read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}


@pytest.mark.slow  # grades every corpus submission, Keras training included
@pytest.mark.parametrize("module", MODULES)
def test_solution_gets_full_marks(module: str, graded: Callable[[str], dict[str, Report]]) -> None:
    """The reference solution earns every point of the hidden suite, function by function."""
    report = graded(module)["solution"].module(module)
    lost = {f.name: f.message for f in report.functions if f.points != f.max_points}
    assert not lost
    assert report.points == sum(POINTS[module].values())


@pytest.mark.slow  # grades every corpus submission, Keras training included
@pytest.mark.parametrize("module", MODULES)
def test_stub_scores_zero_not_implemented(module: str, graded: Callable[[str], dict[str, Report]]) -> None:
    """The generated stub scores 0 on every function, each with status not_implemented."""
    report = graded(module)["stub"].module(module)
    assert {(f.points, f.status) for f in report.functions} == {(0.0, "not_implemented")}
    assert [f.name for f in report.functions] == list(POINTS[module])


@pytest.mark.slow  # grades every corpus submission, Keras training included
@pytest.mark.parametrize("module", MODULES)
def test_every_mutant_is_caught_by_its_named_test(module: str, graded: Callable[[str], dict[str, Report]]) -> None:
    """Each mutant fails the hidden test it names (and so loses points)."""
    reports = graded(module)
    escaped = []
    for mutant in _mutants(module):
        assert mutant.catches, f"{mutant.path} names no CATCHES test"
        report = reports[mutant.id].module(module)
        failing = {c.test for f in report.functions for c in f.checks if c.status != "passed"}
        if mutant.catches not in failing:
            escaped.append(f"{mutant.id} (expected {mutant.catches} to fail; failing: {sorted(failing)})")
    assert not escaped


@pytest.mark.parametrize("module", MODULES)
def test_every_hidden_test_is_named_by_a_mutant(module: str) -> None:
    """Every hidden test earns its place: some realistic mutant names it as its catcher."""
    named = {m.catches for m in _mutants(module)}
    assert sorted(_hidden_tests(module) - named) == []
    assert sorted(named - _hidden_tests(module)) == []


@pytest.mark.slow  # grades every corpus submission, Keras training included
@pytest.mark.parametrize("module", MODULES)
def test_variants_keep_full_marks(module: str, graded: Callable[[str], dict[str, Report]]) -> None:
    """Different valid implementations earn full marks on every function they define."""
    reports = graded(module)
    lost = []
    for variant in (v for v in load(VARIANTS) if v.module == module):
        for f in reports[variant.id].module(module).functions:
            if f.points != f.max_points:
                lost.append(f"{variant.id}: {f.name} {f.points}/{f.max_points} {f.message}")
    assert not lost


@pytest.mark.parametrize("module", MODULES)
def test_every_function_has_a_second_valid_implementation(module: str) -> None:
    """Besides the solution, at least one variant implements each catalogue function."""
    covered = {f for v in load(VARIANTS) if v.module == module for f in v.functions}
    assert sorted(set(POINTS[module]) - covered) == []


def _graded_function(module: str, test: str) -> str:
    """The catalogue function a hidden test grades (its points marker)."""
    tree = ast.parse(suite_file(module, hidden=True).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == test:
            for mark in node.decorator_list:
                if isinstance(mark, ast.Call) and getattr(mark.func, "attr", "") == "points":
                    return str(ast.literal_eval(mark.args[0]))
    raise LookupError(f"{module}: no hidden test {test} with a points marker")


def _calls(override: Override, caller: str, callee: str) -> bool:
    """Whether the submission built from ``override`` has ``caller`` calling ``callee`` (its last definition wins)."""
    source = (SOLUTIONS / f"{override.module}.py").read_text(encoding="utf-8") + "\n" + override.path.read_text(encoding="utf-8")
    defs = {n.name: n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)}
    return any(isinstance(n, ast.Name) and n.id == callee for n in ast.walk(defs[caller]))


def _keras_composition(module: str, caller: str, callee: str) -> bool:
    """A Keras edge the suite makes (compile_model and train checks given the model build_model makes), not a call."""
    return callee in ("build_model", "compile_model") and caller in ("compile_model", "train") and module != "housing"


@pytest.mark.parametrize("module", MODULES)
def test_every_dependency_edge_has_a_mutant(module: str) -> None:
    """Each edge of USES (caller uses callee) has a mutant of the callee naming the caller in CALLERS.

    The caller of that mutant's submission really calls the callee (the solution's or the mutant's own
    correct caller), or, in the Keras modules, its checks are given the model the callee makes.
    """
    uncovered = []
    for caller, callees in USES.get(module, {}).items():
        for callee in callees:
            shown = [m for m in _mutants(module) if caller in m.callers and m.catches
                     and _graded_function(module, m.catches) == callee
                     and (_calls(m, caller, callee) or _keras_composition(module, caller, callee))]
            if not shown:
                uncovered.append(f"{caller} -> {callee}")
    assert uncovered == []


@pytest.mark.slow  # grades every corpus submission, Keras training included
@pytest.mark.parametrize("module", MODULES)
def test_one_bug_one_deduction(module: str, graded: Callable[[str], dict[str, Report]]) -> None:
    """A mutant of a function others use costs that function only: its CALLERS (and its other functions) keep full marks."""
    reports = graded(module)
    charged = []
    for mutant in (m for m in _mutants(module) if m.callers):
        assert mutant.catches
        buggy = _graded_function(module, mutant.catches)
        functions = reports[mutant.id].module(module).functions
        charged += [f"{mutant.id}: {f.name} {f.points}/{f.max_points} {f.message}" for f in functions
                    if f.name != buggy and f.points != f.max_points]
        assert {f.name for f in functions} >= {buggy, *mutant.callers}
    assert not charged
