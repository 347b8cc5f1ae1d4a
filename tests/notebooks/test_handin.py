"""A notebook handed in without its module is graded like the module: same rows; a broken one costs its module only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from grader.api import run_session
from grader.catalogue import POINTS
from grader.notebooks.handin import handed_in_notebooks, notebook_submissions
from grader.paths import REPO, SOLUTIONS
from grader.tools.notebooks import notebook_json


def _solution(module: str) -> str:
    return (SOLUTIONS / f"{module}.py").read_text(encoding="utf-8")


def _rows(report: dict[str, object]) -> dict[str, object]:
    """The graded rows of a ``--json`` results file: module → function → (points, status, message)."""
    modules = report["modules"]
    assert isinstance(modules, dict)
    return {m: {f: (r["points"], r["status"], r["message"]) for f, r in entry["functions"].items()}
            for m, entry in modules.items()}


def _check_json(submission: Path, out: Path, *modules: str) -> dict[str, object]:
    """``dlgrade check --hidden --json`` on a submission folder, as an instructor runs it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    done = subprocess.run([sys.executable, "-m", "grader.cli", "check", "--hidden", "--allow-weak-isolation",
                           "--submission", str(submission), "--json", str(out), *modules],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert out.is_file(), done.stdout + done.stderr
    result: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return result


@pytest.mark.slow
def test_the_same_solution_as_py_and_as_ipynb_gets_the_same_rows(tmp_path: Path) -> None:
    """``dlgrade check --hidden``: a solution handed in as tensor_ops.py and as tensor_ops.ipynb, row for row the same."""
    as_py, as_ipynb = tmp_path / "py", tmp_path / "ipynb"
    as_py.mkdir()
    as_ipynb.mkdir()
    (as_py / "tensor_ops.py").write_text(_solution("tensor_ops"), encoding="utf-8")
    (as_ipynb / "tensor_ops.ipynb").write_text(notebook_json("tensor_ops", _solution("tensor_ops")), encoding="utf-8")
    script = _rows(_check_json(as_py, tmp_path / "py.json", "tensor_ops"))
    notebook = _rows(_check_json(as_ipynb, tmp_path / "ipynb.json", "tensor_ops"))
    assert notebook == script
    assert all(row[1] == "passed" for row in script["tensor_ops"].values())  # type: ignore[attr-defined]


def test_a_partly_wrong_notebook_loses_the_same_points_as_its_module(tmp_path: Path) -> None:
    """Hidden checks, one session: a wrong function in the notebook costs what it costs in the .py, same message."""
    wrong = _solution("losses").replace("return np.mean(", "return np.sum(", 1)
    assert wrong != _solution("losses")
    as_py, as_ipynb = tmp_path / "py", tmp_path / "ipynb"
    as_py.mkdir()
    as_ipynb.mkdir()
    (as_py / "losses.py").write_text(wrong, encoding="utf-8")
    (as_ipynb / "losses.ipynb").write_text(notebook_json("losses", wrong), encoding="utf-8")
    graded = ["mean_squared_error", "binary_crossentropy"]  # the wrong one and a right one keep the session short
    reports = run_session({"py": as_py, "ipynb": as_ipynb}, ["losses"], hidden=True, only={"py": graded, "ipynb": graded})
    rows = {sid: [(f.name, f.points, f.status, f.message) for f in r.module("losses").functions] for sid, r in reports.items()}
    assert rows["ipynb"] == rows["py"]
    assert [(f.name, f.status) for f in reports["py"].module("losses").functions] == [
        ("mean_squared_error", "failed"), ("binary_crossentropy", "passed")]


def test_a_broken_notebook_costs_only_its_module_and_says_why(tmp_path: Path) -> None:
    """Not JSON, or a code cell with a syntax error: that module's functions score 0 naming the cause; the rest is graded."""
    broken, syntax = tmp_path / "broken", tmp_path / "syntax"
    for folder in (broken, syntax):
        folder.mkdir()
        (folder / "losses.py").write_text(_solution("losses"), encoding="utf-8")
    (broken / "tensor_ops.ipynb").write_text('{"cells": [', encoding="utf-8")
    bad = json.loads(notebook_json("tensor_ops", _solution("tensor_ops")))
    [cell] = [c for c in bad["cells"] if c["id"] == "tensor_ops-naive_add"]
    cell["source"][0] = cell["source"][0].replace("def naive_add(", "def naive_add((")
    (syntax / "tensor_ops.ipynb").write_text(json.dumps(bad), encoding="utf-8")
    reports = run_session({"broken": broken, "syntax": syntax}, ["tensor_ops", "losses"], hidden=False, lang="en")
    for sid, cause in (("broken", "is not a valid notebook file (not JSON"), ("syntax", "code cell 3 (def naive_add((")):
        report = reports[sid]
        assert report.module("losses").points == sum(POINTS["losses"].values())
        functions = report.module("tensor_ops").functions
        assert [f.points for f in functions] == [0.0] * len(POINTS["tensor_ops"])
        assert all(f.status == "error" and cause in f.message and "tensor_ops.ipynb" in f.message for f in functions)


def test_a_module_file_wins_over_its_notebook_and_links_are_not_followed(tmp_path: Path) -> None:
    """Only a notebook without its .py is converted; a symbolic link to a notebook is never read."""
    (tmp_path / "tensor_ops.py").write_text("", encoding="utf-8")
    (tmp_path / "tensor_ops.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "losses.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "gradients.ipynb").symlink_to(tmp_path / "losses.ipynb")
    assert handed_in_notebooks(tmp_path, ["tensor_ops", "losses", "gradients", "backprop"]) == ["losses"]


def test_the_converted_copy_is_removed_and_the_submission_left_alone(tmp_path: Path) -> None:
    """The rebuilt module goes to a copy of the folder (removed afterwards); nothing is written into the submission."""
    (tmp_path / "losses.ipynb").write_text(notebook_json("losses", _solution("losses")), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with notebook_submissions({"ann": tmp_path, "bob": tmp_path / "none"}, ["losses"]) as converted:
        copy = converted.folders["ann"]
        assert copy != tmp_path and (copy / "losses.py").is_file() and (copy / "notes.txt").read_text() == "mine"
        assert converted.folders["bob"] == tmp_path / "none"
    assert not copy.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["losses.ipynb", "notes.txt"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_notebook_error_is_in_the_reports_language(tmp_path: Path, lang: str) -> None:
    """The message of a refused notebook follows the session's language."""
    (tmp_path / "losses.ipynb").write_text("[]", encoding="utf-8")
    with notebook_submissions({"ann": tmp_path}, ["losses"]) as converted:
        error = converted.failures["ann"]["losses"]
    assert ("不是 Jupyter 笔记本" if lang == "zh" else "is not a Jupyter notebook") in error.text(lang)
