"""The code habits hold: ruff on the whole tree, mypy strict on grader/, the catalogue contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from grader.catalogue import MODULES

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CATALOGUE_CHECK = ROOT.parent / "shared" / "tools" / "catalogue_check.py"


def test_ruff_is_clean() -> None:
    """`ruff check .` reports nothing (every ignore is commented in pyproject.toml)."""
    result = subprocess.run([str(BIN / "ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.slow
def test_mypy_strict_is_clean() -> None:
    """`mypy` (strict, on grader/) reports no error."""
    result = subprocess.run([str(BIN / "mypy")], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.skipif(not CATALOGUE_CHECK.is_file(), reason="the shared catalogue checker is not beside the project")
def test_every_catalogue_function_is_present_with_its_signature() -> None:
    """solutions/ and exercises/ define every catalogue function with the catalogue's parameters."""
    result = subprocess.run([sys.executable, str(CATALOGUE_CHECK), str(CATALOGUE_CHECK.parent.parent / "exercise-catalogue.md"),
                             str(ROOT), *MODULES],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


MAX_FUNCTION_LINES = 60


def test_no_function_in_grader_is_longer_than_60_lines() -> None:
    """Every function and method of grader/ spans at most 60 lines (decorators and docstring included)."""
    import ast

    long = []
    for path in sorted((ROOT / "grader").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                if node.end_lineno is not None and node.end_lineno - first + 1 > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({node.end_lineno - first + 1} lines)")
    assert long == []
