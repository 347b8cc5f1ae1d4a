"""The stub generator, and the repository's exercises/ being the stubs of solutions/."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from grader.paths import REPO
from grader.tools import stubs
from grader.tools.stubs import (
    BEGIN,
    END,
    PYTEST_INI,
    MarkerError,
    Region,
    expected_files,
    find_regions,
    make_stub,
    solution_lines,
    stale_files,
    write_exercises,
)

ROOT = REPO
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"

SOLUTION = '''\
"""Module docstring."""

import numpy as np

SCALE = 2


def naive_relu(x: np.ndarray) -> np.ndarray:
    """Relu with loops.

    Example:
        >>> naive_relu(np.array([[-1.0]])).tolist()
        [[0.0]]
    """
    # BEGIN SOLUTION
    # HINT: copy x first, then loop.
    z = x.copy()  # a trailing comment
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = max(x[i, j], 0)
    return z
    # END SOLUTION


class Layer:
    """A class with a method."""

    def forward(self, x):
        """Forward pass."""
        # BEGIN SOLUTION
        # HINT: scale it.
        return x * SCALE
        # END SOLUTION
'''


def _dedent(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


def test_regions_are_found_with_their_functions() -> None:
    """find_regions returns each region's marker lines and the enclosing function (methods too)."""
    regions = find_regions(SOLUTION, "sol.py")
    assert regions == [Region(15, 22, "naive_relu"), Region(30, 33, "forward")]


def test_stub_replaces_regions_and_keeps_everything_else() -> None:
    """The region becomes raise NotImplementedError naming the function; hints, docstrings and the rest stay."""
    stub = make_stub(SOLUTION, "sol.py")
    assert 'raise NotImplementedError("naive_relu: write your code here, then run pytest")' in stub
    assert '        raise NotImplementedError("forward: write your code here, then run pytest")' in stub
    assert "    # HINT: copy x first, then loop." in stub
    assert "        # HINT: scale it." in stub
    kept_lines = (
        '"""Module docstring."""', "SCALE = 2", '    """Relu with loops.', ">>> naive_relu(", '"""Forward pass."""'
    )
    for kept in kept_lines:
        assert kept in stub
    for gone in ("z = x.copy()", "for i in range", "max(x[i, j], 0)", "return x * SCALE", BEGIN, END):
        assert gone not in stub
    tree = ast.parse(stub)  # the stub is valid Python
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef))
    assert ast.get_docstring(fn) is not None and ast.get_docstring(fn).startswith("Relu with loops.")


def test_stub_raises_not_implemented_when_called(tmp_path: Path) -> None:
    """Calling a stubbed function raises NotImplementedError whose message names the function."""
    namespace: dict[str, object] = {}
    exec(compile(make_stub(SOLUTION), "stub.py", "exec"), namespace)  # noqa: S102 - our own generated stub
    with pytest.raises(NotImplementedError, match="naive_relu"):
        namespace["naive_relu"](None)  # type: ignore[operator]


def test_stub_of_a_file_without_regions_is_the_file() -> None:
    """Without markers the stub is the source unchanged (plus a final newline)."""
    source = "import numpy as np\n\n\ndef helper():\n    return 1"
    assert make_stub(source) == source + "\n"


def test_solution_lines_are_the_region_only_code_lines() -> None:
    """solution_lines lists stripped code lines that only occur inside regions (not hints, not shared lines)."""
    lines = solution_lines(SOLUTION, "sol.py")
    assert "z = x.copy()  # a trailing comment" in lines
    assert "z[i, j] = max(x[i, j], 0)" in lines
    assert "return x * SCALE" in lines
    assert BEGIN in lines and END in lines
    assert not any(line.startswith("# HINT:") for line in lines)
    assert '"""Forward pass."""' not in lines
    assert all(line not in make_stub(SOLUTION).splitlines() for line in lines - {BEGIN, END})


MALFORMED = {
    "misspelt-plural": ("def f():\n    # BEGIN SOLUTIONS\n    return 1\n    # END SOLUTIONS\n", 2),
    "misspelt-end": ("def f():\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTON\n", 2),
    "underscore": ("def f():\n    # BEGIN_SOLUTION\n    return 1\n    # END SOLUTION\n", 2),
    "lowercase": ("def f():\n    # begin solution\n    return 1\n    # end solution\n", 2),
    "no-space-code-on-line": ("def f():\n    #BEGIN SOLUTION return 1\n    return 1\n    # END SOLUTION\n", 2),
    "code-before-marker": ("def f():\n    x = 1  # BEGIN SOLUTION\n    return x\n    # END SOLUTION\n", 2),
    "nbgrader-style": ("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n", 2),
    "nested": (
        "def f():\n    # BEGIN SOLUTION\n    x = 1\n    # BEGIN SOLUTION\n    return x\n    # END SOLUTION\n", 4
    ),
    "unclosed": ("import os\n\n\ndef f():\n    # BEGIN SOLUTION\n    return 1\n", 5),
    "end-without-begin": ("def f():\n    return 1\n    # END SOLUTION\n", 3),
    "outside-a-function": ("X = 1\n# BEGIN SOLUTION\nY = 2\n# END SOLUTION\n", 2),
}


@pytest.mark.parametrize(("source", "line"), list(MALFORMED.values()), ids=list(MALFORMED))
def test_malformed_markers_raise_marker_error_naming_file_and_line(source: str, line: int) -> None:
    """Every malformed marker raises MarkerError with 'file:line:' of the offending marker."""
    with pytest.raises(MarkerError) as info:
        find_regions(source, "solutions/broken.py")
    assert info.value.line == line
    assert info.value.filename == "solutions/broken.py"
    assert str(info.value).startswith(f"solutions/broken.py:{line}: ")
    with pytest.raises(MarkerError):
        make_stub(source, "solutions/broken.py")


@pytest.mark.xfail(
    strict=True,
    reason="core bug: _enclosing_function attributes a class-body region to any earlier, less indented def",
)
def test_region_in_a_class_body_is_outside_a_function() -> None:
    """A region directly in a class body (not in a method) is refused even when a function comes before it."""
    source = "def g():\n    return 1\n\n\nclass A:\n    # BEGIN SOLUTION\n    x = 1\n    # END SOLUTION\n"
    with pytest.raises(MarkerError, match="outside a function"):
        find_regions(source, "sol.py")


def test_write_exercises_and_stale_files(tmp_path: Path) -> None:
    """write_exercises creates stubs, test wrappers, notebooks and pytest.ini; stale_files is empty after, lists edits."""
    sol, ex = tmp_path / "solutions", tmp_path / "exercises"
    sol.mkdir()
    (sol / "tensor_ops.py").write_text(SOLUTION, encoding="utf-8")
    (sol / "_private.py").write_text("X = 1\n", encoding="utf-8")
    generated = ["notebooks/tensor_ops.ipynb", "pytest.ini", "tensor_ops.py", "test_tensor_ops.py"]
    assert sorted(stale_files(sol, ex)) == generated
    assert sorted(write_exercises(sol, ex)) == generated
    assert stale_files(sol, ex) == []
    assert write_exercises(sol, ex) == []
    assert not (ex / "_private.py").exists()
    assert (ex / "pytest.ini").read_text() == PYTEST_INI
    assert "from grader.suites.public.test_tensor_ops import *" in (ex / "test_tensor_ops.py").read_text()
    (ex / "tensor_ops.py").write_text("# edited by hand\n", encoding="utf-8")
    (ex / "notebooks" / "tensor_ops.ipynb").write_text("{}\n", encoding="utf-8")
    assert sorted(stale_files(sol, ex)) == ["notebooks/tensor_ops.ipynb", "tensor_ops.py"]


# --- the repository -----------------------------------------------------------------------


def test_repository_exercises_are_up_to_date() -> None:
    """exercises/ is exactly what solutions/ generates (run `dlgrade stubs` after editing a solution)."""
    assert stale_files(SOLUTIONS, EXERCISES) == []


def test_repository_solutions_have_regions() -> None:
    """Every solution module has well-formed regions (at least one per module)."""
    for path in sorted(SOLUTIONS.glob("*.py")):
        if not path.name.startswith("_"):
            assert find_regions(path.read_text(encoding="utf-8"), str(path)), path.name


def test_no_solution_line_leaks_into_its_exercise() -> None:
    """No solution-only line of solutions/<module>.py appears in exercises/<module>.py."""
    modules = [p for p in sorted(SOLUTIONS.glob("*.py")) if not p.name.startswith("_")]
    assert modules
    for path in modules:
        secret = solution_lines(path.read_text(encoding="utf-8"), str(path))
        assert secret, path.name
        stub = (EXERCISES / path.name).read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(stub, start=1):
            assert line.strip() not in secret, f"exercises/{path.name}:{number} leaks {line.strip()!r}"


def test_no_marker_text_in_any_exercise_file() -> None:
    """No exercises/ file contains a solution marker, even a misspelt one."""
    files = sorted(p for p in EXERCISES.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    assert {p.relative_to(EXERCISES).as_posix() for p in files} >= set(expected_files(SOLUTIONS))
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            assert stubs._MARKER.search(line) is None, f"{path.name}:{number} has a marker"
            assert "BEGIN SOLUTION" not in line.upper() and "END SOLUTION" not in line.upper(), f"{path.name}:{number}"
