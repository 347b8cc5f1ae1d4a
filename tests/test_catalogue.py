"""The catalogue's tables: the dependency edges (USES) against the solutions' own calls."""

from __future__ import annotations

import ast

import pytest

from grader.catalogue import MODULES, POINTS, USES
from grader.paths import SOLUTIONS


def _solution_calls(module: str) -> set[tuple[str, str]]:
    """(caller, callee) for every catalogue function of the solution that names another."""
    functions = POINTS[module]
    tree = ast.parse((SOLUTIONS / f"{module}.py").read_text(encoding="utf-8"))
    return {(node.name, name.id) for node in tree.body if isinstance(node, ast.FunctionDef) and node.name in functions
            for name in ast.walk(node) if isinstance(name, ast.Name) and name.id in functions and name.id != node.name}


@pytest.mark.parametrize("module", MODULES)
def test_uses_holds_every_call_of_the_solutions(module: str) -> None:
    """Every call a solution makes from one catalogue function to another is a declared edge (derived, not typed by hand)."""
    declared = {(caller, callee) for caller, callees in USES.get(module, {}).items() for callee in callees}
    assert sorted(_solution_calls(module) - declared) == []


def test_uses_names_catalogue_functions_only() -> None:
    """Each edge joins two different catalogue functions of the same module."""
    assert set(USES) <= set(POINTS)
    bad = [(module, caller, callee) for module, table in USES.items() for caller, callees in table.items()
           for callee in callees if caller not in POINTS[module] or callee not in POINTS[module] or caller == callee]
    assert bad == []


def test_the_solutions_call_something() -> None:
    """The derivation finds the solutions' calls (sigmoid_derivative calls sigmoid): the first test can fail."""
    assert ("sigmoid_derivative", "sigmoid") in _solution_calls("backprop")
    assert ("k_fold_validate", "k_fold_indices") in _solution_calls("housing")
