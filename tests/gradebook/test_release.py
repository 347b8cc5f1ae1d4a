"""The learner release holds no solution code and nothing from the hidden suites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from grader.catalogue import MODULES
from grader.gradebook.config import REPO
from grader.gradebook.course import release
from grader.gradebook.leaks import ReleaseLeakError, find_leaks

HIDDEN = REPO / "grader" / "suites" / "hidden"


def test_released_files_contain_no_markers_solutions_or_hidden_tests(course_template: Path) -> None:
    """Every released file of every module: no solution markers, no solution-only lines, no hidden test content."""
    hidden_names = {p.name for p in HIDDEN.glob("*.py") if p.name != "__init__.py"}
    hidden_tests = {name for p in HIDDEN.glob("*.py") for name in re.findall(r"def (test_\w+)", p.read_text())}
    released = [p for module in MODULES for p in (course_template / "release" / module).rglob("*") if p.is_file()]
    assert {p.name for p in released} == {f"{m}{ext}" for m in MODULES for ext in (".py", ".ipynb")}
    for path in released:
        text = path.read_text(encoding="utf-8")
        assert "# BEGIN SOLUTION" not in text, path
        assert "END SOLUTION" not in text, path
        assert "HIDDEN TESTS" not in text, path
        assert path.name not in hidden_names, path
        for name in hidden_tests:
            assert not re.search(rf"\b{name}\b", text), (path, name)
    for module in MODULES:
        assert find_leaks(course_template / "release" / module, solutions_dir=REPO / "solutions",
                          hidden_dir=HIDDEN) == []


def test_find_leaks_reports_planted_leaks(tmp_path: Path) -> None:
    """Negative control: markers, solution-only lines, hidden file names, test names and lines are all found."""
    solutions, hidden, public, shipped = (tmp_path / d for d in ("solutions", "hidden", "public", "release"))
    for folder in (solutions, hidden, public, shipped):
        folder.mkdir()
    (solutions / "m.py").write_text(
        "def f(x):\n    # BEGIN SOLUTION\n    # HINT: loop over rows\n    return secret_formula(x) * 2\n"
        "    # END SOLUTION\n")
    (hidden / "test_m.py").write_text(
        "def test_f_handles_the_tricky_case(learner):\n"
        "    assert learner.call('f', 12345) == 24690  # the secret expectation\n"
        "def test_shared(learner):\n    pass\n")
    (public / "test_m.py").write_text("def test_shared(learner):\n    pass\n")
    (shipped / "m.py").write_text(
        "def f(x):\n    # HINT: loop over rows\n    return secret_formula(x) * 2\n# END SOLUTION\n"
        "# see test_f_handles_the_tricky_case\n"
        "assert learner.call('f', 12345) == 24690  # the secret expectation\n# test_shared is public\n")
    (shipped / "test_m.py").write_text("copied hidden suite\n")
    leaks = find_leaks(shipped, solutions_dir=solutions, hidden_dir=hidden, public_dirs=[public])
    found = {(leak.path.name, leak.line, leak.what.split(":")[0]) for leak in leaks}
    assert found == {
        ("m.py", 3, "solution code"),
        ("m.py", 4, "solution/hidden-test marker"),
        ("m.py", 5, "hidden test name test_f_handles_the_tricky_case"),
        ("m.py", 6, "hidden test code"),
        ("test_m.py", 0, "file name of a hidden suite"),
    }


def test_release_refuses_a_leaky_stub(course: Path) -> None:
    """release() runs generate_assignment, then removes a release that ships solution code and raises."""
    source = course / "source" / "tensor_ops" / "tensor_ops.py"
    source.chmod(0o644)
    source.write_text(source.read_text() + "\n# BEGIN SOLUTION\n")
    with pytest.raises(ReleaseLeakError, match="solution/hidden-test marker"):
        release(course, "tensor_ops")
    assert not (course / "release" / "tensor_ops").exists()
