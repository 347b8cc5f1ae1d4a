"""init_course: the course directory, its config, notebooks and gradebook, via the real nbgrader CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from grader.catalogue import MODULES, POINTS
from grader.gradebook.config import load_config
from grader.gradebook.course import init_course, run_nbgrader
from grader.gradebook.notebook import grade_cell_source


def test_layout_and_config(course_template: Path, stubs_dir: Path) -> None:
    """Each module gets source/ and release/ with notebook and the verbatim stub; the config keeps learners' files."""
    for module in MODULES:
        for folder in ("source", "release"):
            assert (course_template / folder / module / f"{module}.ipynb").is_file()
            stub = (course_template / folder / module / f"{module}.py").read_text(encoding="utf-8")
            assert stub == (stubs_dir / f"{module}.py").read_text(encoding="utf-8")
    assert (course_template / "gradebook.db").is_file()
    config = load_config(course_template)
    assert config.CourseDirectory.course_id == "dlgrade-demo"
    assert config.CourseDirectory.db_url == f"sqlite:///{course_template / 'gradebook.db'}"
    assert config.Autograde.exclude_overwriting == {m: [f"{m}.py"] for m in MODULES}
    assert "grader.gradebook.sanitize.DropUngradedCode" in config.Autograde.sanitize_preprocessors


def test_notebook_has_one_locked_grade_cell_per_function(course_template: Path) -> None:
    """The notebook: a markdown intro, then per catalogue function a locked grade cell worth its points."""
    for module in MODULES:
        cells = json.loads((course_template / "source" / module / f"{module}.ipynb").read_text())["cells"]
        assert cells[0]["cell_type"] == "markdown"
        assert [c["metadata"]["nbgrader"]["grade_id"] for c in cells[1:]] == list(POINTS[module])
        for cell in cells[1:]:
            meta = cell["metadata"]["nbgrader"]
            assert cell["cell_type"] == "code"
            assert {k: meta[k] for k in ("grade", "solution", "locked", "schema_version")} == {
                "grade": True, "solution": False, "locked": True, "schema_version": 3}
            assert meta["points"] == POINTS[module][meta["grade_id"]]
            assert "".join(cell["source"]) == grade_cell_source(module, meta["grade_id"])


def test_db_assignment_list_cli(course_template: Path) -> None:
    """`nbgrader db assignment list` (real CLI) lists every module with its notebook."""
    out = run_nbgrader(course_template, "db", "assignment", "list").stdout
    assert f"There are {len(MODULES)} assignments in the database" in out
    for module in MODULES:
        assert f"{module} (due: None)" in out
        assert f"    - {module}" in out


def test_gradebook_knows_grade_cells_and_generate_assignment_reruns(course: Path) -> None:
    """Gradebook cells carry the catalogue points; `nbgrader generate_assignment --force` works again."""
    run_nbgrader(course, "generate_assignment", "tensor_ops", "--force")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "dlgrade-demo") as gb:
        assert sorted(a.name for a in gb.assignments) == sorted(MODULES)
        for module in MODULES:
            notebook = gb.find_notebook(module, module)
            assert {c.name: c.max_score for c in notebook.grade_cells} == dict(POINTS[module])
            assert notebook.solution_cells == []
            assert gb.find_assignment(module).max_score == sum(POINTS[module].values())


def test_custom_course_id_and_modules_added_later(tmp_path: Path, stubs_dir: Path) -> None:
    """Another course id, one module, then a second one: both assignments exist and keep their learner files."""
    init_course(tmp_path / "c", ["losses"], stubs_dir, course_id="dl-2025", data_dir=tmp_path)
    config = load_config(tmp_path / "c")
    assert config.CourseDirectory.course_id == "dl-2025"
    assert config.Autograde.exclude_overwriting == {"losses": ["losses.py"]}
    text = (tmp_path / "c" / "nbgrader_config.py").read_text()
    assert f"os.environ.setdefault(\"DLGRADE_DATA\", {str(tmp_path)!r})" in text
    init_course(tmp_path / "c", ["tensors"], stubs_dir, course_id="dl-2025")
    assert load_config(tmp_path / "c").Autograde.exclude_overwriting == {"tensors": ["tensors.py"],
                                                                        "losses": ["losses.py"]}
    with Gradebook(f"sqlite:///{tmp_path / 'c' / 'gradebook.db'}", "dl-2025") as gb:
        assert sorted(a.name for a in gb.assignments) == ["losses", "tensors"]
        assert gb.find_assignment("losses").course_id == "dl-2025"


def test_bad_arguments_fail_before_anything_is_written(tmp_path: Path, stubs_dir: Path) -> None:
    """Unknown modules and missing stubs raise clear errors and create no course."""
    with pytest.raises(KeyError, match="not catalogue modules: nope"):
        init_course(tmp_path / "a", ["nope"], stubs_dir)
    with pytest.raises(FileNotFoundError, match="learner stubs missing"):
        init_course(tmp_path / "b", ["tensors"], tmp_path)
    assert not (tmp_path / "a").exists()
    assert not (tmp_path / "b").exists()
