"""``pytest`` from anywhere: the same score table inside exercises/, above it, from an IDE; inert elsewhere."""

from __future__ import annotations

import textwrap
import tomllib
from pathlib import Path

import pytest

from grader.paths import REPO
from grader.session.autoload import MARK, find_exercises, is_exercises
from grader.tools.stubs import PYTEST_INI
from tests.session.learners import SOLVED, STUB, learner_copy, run_pytest, score, table

pytestmark = pytest.mark.learner

INVOCATIONS = {
    "inside exercises/": ("exercises", (), None),
    "the folder above": (".", (), None),
    "pytest exercises": (".", ("exercises",), None),
    "one check file": (".", ("exercises/test_tensor_ops.py", "exercises/test_losses.py"), None),
    "an IDE's rootdir": (".", ("--rootdir", ".", "exercises/test_tensor_ops.py", "exercises/test_losses.py"), None),
    "an IDE's rootdir, no paths": (".", ("--rootdir", "."), None),
    "the project's own ini": (".", (), "[pytest]\naddopts = -p no:cacheprovider\n"),
    "the project's own ini, a check file": (".", ("exercises/test_tensor_ops.py", "exercises/test_losses.py"),
                                            "[pytest]\naddopts = -p no:cacheprovider\n"),
    "the project's own ini with testpaths": (".", (), "[pytest]\ntestpaths = exercises\n"),
}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The output of plain ``pytest`` inside a learner's exercises/ (the generated pytest.ini's way)."""
    exercises = learner_copy(tmp_path_factory.mktemp("reference"))
    return run_pytest(exercises).stdout


@pytest.mark.parametrize("how", list(INVOCATIONS))
def test_the_same_table_from_every_folder(tmp_path: Path, reference: str, how: str) -> None:
    """Every way a learner or an IDE runs pytest on exercises/ prints the same rows and score, without errors."""
    cwd, args, ini = INVOCATIONS[how]
    learner_copy(tmp_path)
    if ini is not None:
        (tmp_path / "pytest.ini").write_text(ini, encoding="utf-8")
    result = run_pytest(tmp_path / cwd, *args)
    assert table(reference, SOLVED).startswith(f"{SOLVED}.py  30/30\n")
    assert table(result.stdout, SOLVED) == table(reference, SOLVED)
    assert table(result.stdout, STUB) == table(reference, STUB)
    assert score(result.stdout) == score(reference) == "Score: 30 / 45"
    assert "fixture 'learner' not found" not in result.stdout
    assert result.returncode == 1  # the stub's checks fail; no usage or collection error (those exit 2 or 4)


def test_lang_from_the_folder_above(tmp_path: Path) -> None:
    """``pytest --lang zh`` works from the folder above (the option comes with the plugin the entry point loads)."""
    learner_copy(tmp_path)
    out = run_pytest(tmp_path, "--lang", "zh").stdout
    assert "得分：30 / 45" in out


def test_other_tests_beside_exercises_are_left_alone(tmp_path: Path) -> None:
    """A learner's own tests beside exercises/ run as plain tests (no points marker needed) and stay out of the table."""
    learner_copy(tmp_path, modules=(SOLVED,))
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "test_mine.py").write_text(textwrap.dedent("""\
        from hypothesis import given, strategies as st


        @given(st.integers())
        def test_plain(n):
            assert n == n


        def test_failing():
            assert 1 == 2
        """), encoding="utf-8")
    result = run_pytest(tmp_path)
    assert score(result.stdout) == "Score: 30 / 30"
    assert "1 failed, 15 passed" in result.stdout
    assert "test_mine.py::test_failing" in result.stdout
    assert "mine" not in table(result.stdout, SOLVED)


def test_inert_in_a_project_without_exercises(tmp_path: Path) -> None:
    """Elsewhere dlgrade's plugin is not even loaded: a project's own --lang option and learner fixture keep working."""
    (tmp_path / "conftest.py").write_text(textwrap.dedent("""\
        import pytest


        def pytest_addoption(parser):
            parser.addoption("--lang", default="fr")


        @pytest.fixture
        def learner(request):
            return request.config.getoption("lang")
        """), encoding="utf-8")
    (tmp_path / "test_project.py").write_text(textwrap.dedent("""\
        import sys


        def test_own_fixture_and_option(learner):
            assert learner == "de"


        def test_dlgrade_not_loaded():
            assert "grader.session.plugin" not in sys.modules
            assert "grader.catalogue" not in sys.modules
        """), encoding="utf-8")
    result = run_pytest(tmp_path, "--lang", "de")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
    assert "Score" not in result.stdout
    said = [line for line in (result.stdout + result.stderr).splitlines() if not line.startswith("plugins:")]
    assert not [line for line in said if "dlgrade" in line]  # the header's plugin list names every installed one


def test_the_entry_point_names_the_autoload_module() -> None:
    """The package declares the ``pytest11`` entry point pytest loads dlgrade's autoload module through."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["entry-points"]["pytest11"] == {"dlgrade": "grader.session.autoload"}


def test_generated_ini_marks_the_folder(tmp_path: Path) -> None:
    """The pytest.ini ``dlgrade stubs`` writes is what marks an exercises folder; another project's is not."""
    assert MARK in PYTEST_INI
    (tmp_path / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
    assert is_exercises(tmp_path)
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = -q\n", encoding="utf-8")
    assert not is_exercises(tmp_path)
    assert not is_exercises(tmp_path / "missing")


def test_find_exercises_above_and_below(tmp_path: Path) -> None:
    """The folder is found from a file or folder inside it, or from up to two levels above it, not deeper."""
    near = tmp_path / "course" / "exercises"
    deep = tmp_path / "far" / "a" / "b" / "exercises"
    for folder in (near, deep):
        folder.mkdir(parents=True)
        (folder / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
        (folder / "test_tensor_ops.py").write_text("", encoding="utf-8")
    assert find_exercises([near / "test_tensor_ops.py"]) == near
    assert find_exercises([near]) == near
    assert find_exercises([tmp_path / "course"]) == near
    assert find_exercises([tmp_path]) == near
    assert find_exercises([tmp_path / "far"]) is None
    assert find_exercises([deep / "test_tensor_ops.py"]) == deep
